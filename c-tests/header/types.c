/*  The types of zmq.h, checked at compile time, then printed so that the
    output for two headers can be diffed. Build with -std=gnu11 (for
    _Static_assert, _Alignof, __typeof__ and __builtin_types_compatible_p),
    against ferromq's zmq.h and against libzmq's: both must compile and
    print the same.                                                          */

#include <stddef.h>
#include <stdio.h>

#include <zmq.h>

#define SAME_TYPE(a, b) __builtin_types_compatible_p (a, b)
#define FIELD_TYPE(s, f) __typeof__ (((s *) 0)->f)

/*  zmq_msg_t: 64 opaque bytes named `_`, aligned like a pointer.            */
_Static_assert (sizeof (zmq_msg_t) == 64, "sizeof (zmq_msg_t) == 64");
_Static_assert (_Alignof (zmq_msg_t) == sizeof (void *),
                "zmq_msg_t is pointer-aligned");
_Static_assert (SAME_TYPE (FIELD_TYPE (zmq_msg_t, _), unsigned char[64]),
                "zmq_msg_t._ is unsigned char[64]");
_Static_assert (SAME_TYPE (struct zmq_msg_t, zmq_msg_t),
                "zmq_msg_t is also struct zmq_msg_t");

/*  zmq_pollitem_t: {void *socket; zmq_fd_t fd; short events, revents;}      */
_Static_assert (SAME_TYPE (zmq_fd_t, int), "zmq_fd_t is int on POSIX");
_Static_assert (sizeof (zmq_pollitem_t) == 16, "sizeof (zmq_pollitem_t)");
_Static_assert (_Alignof (zmq_pollitem_t) == 8, "alignof (zmq_pollitem_t)");
_Static_assert (offsetof (zmq_pollitem_t, socket) == 0, "socket at 0");
_Static_assert (offsetof (zmq_pollitem_t, fd) == 8, "fd at 8");
_Static_assert (offsetof (zmq_pollitem_t, events) == 12, "events at 12");
_Static_assert (offsetof (zmq_pollitem_t, revents) == 14, "revents at 14");
_Static_assert (SAME_TYPE (FIELD_TYPE (zmq_pollitem_t, socket), void *),
                "pollitem.socket is void *");
_Static_assert (SAME_TYPE (FIELD_TYPE (zmq_pollitem_t, fd), zmq_fd_t),
                "pollitem.fd is zmq_fd_t");
_Static_assert (SAME_TYPE (FIELD_TYPE (zmq_pollitem_t, events), short),
                "pollitem.events is short");
_Static_assert (SAME_TYPE (FIELD_TYPE (zmq_pollitem_t, revents), short),
                "pollitem.revents is short");
_Static_assert (SAME_TYPE (struct zmq_pollitem_t, zmq_pollitem_t),
                "zmq_pollitem_t is also struct zmq_pollitem_t");

/*  The callbacks are function types, not pointer types.                     */
_Static_assert (SAME_TYPE (zmq_free_fn, void (void *, void *)),
                "zmq_free_fn is void (void *, void *)");
_Static_assert (SAME_TYPE (zmq_timer_fn, void (int, void *)),
                "zmq_timer_fn is void (int, void *)");
_Static_assert (SAME_TYPE (zmq_thread_fn, void (void *)),
                "zmq_thread_fn is void (void *)");

/*  So a function can be declared with them, and pointers take a '*'.        */
zmq_free_fn my_free;
zmq_timer_fn my_timer;
zmq_thread_fn my_thread;

void my_free (void *data, void *hint)
{
    (void) data;
    (void) hint;
}
void my_timer (int timer_id, void *arg)
{
    (void) timer_id;
    (void) arg;
}
void my_thread (void *arg)
{
    (void) arg;
}

zmq_free_fn *free_ptr = my_free;
zmq_timer_fn *timer_ptr = &my_timer;
zmq_thread_fn *thread_ptr = my_thread;

/*  struct iovec is only declared; pointers to it are fine.                  */
struct iovec *iov_ptr = NULL;

#ifdef ZMQ_BUILD_DRAFT_API
/*  zmq_poller_event_t: {void *socket; zmq_fd_t fd; void *user_data;
    short events;}                                                           */
_Static_assert (sizeof (zmq_poller_event_t) == 32, "sizeof poller event");
_Static_assert (offsetof (zmq_poller_event_t, socket) == 0, "socket at 0");
_Static_assert (offsetof (zmq_poller_event_t, fd) == 8, "fd at 8");
_Static_assert (offsetof (zmq_poller_event_t, user_data) == 16, "user_data");
_Static_assert (offsetof (zmq_poller_event_t, events) == 24, "events at 24");
_Static_assert (SAME_TYPE (FIELD_TYPE (zmq_poller_event_t, fd), zmq_fd_t),
                "poller_event.fd is zmq_fd_t");
_Static_assert (SAME_TYPE (FIELD_TYPE (zmq_poller_event_t, events), short),
                "poller_event.events is short");
#endif

#define SHOW(what) printf ("%s = %zu\n", #what, (size_t) (what))

int main (void)
{
    SHOW (sizeof (zmq_msg_t));
    SHOW (_Alignof (zmq_msg_t));
    SHOW (sizeof (zmq_pollitem_t));
    SHOW (_Alignof (zmq_pollitem_t));
    SHOW (offsetof (zmq_pollitem_t, socket));
    SHOW (offsetof (zmq_pollitem_t, fd));
    SHOW (offsetof (zmq_pollitem_t, events));
    SHOW (offsetof (zmq_pollitem_t, revents));
    SHOW (sizeof (zmq_fd_t));
#ifdef ZMQ_BUILD_DRAFT_API
    SHOW (sizeof (zmq_poller_event_t));
    SHOW (_Alignof (zmq_poller_event_t));
    SHOW (offsetof (zmq_poller_event_t, socket));
    SHOW (offsetof (zmq_poller_event_t, fd));
    SHOW (offsetof (zmq_poller_event_t, user_data));
    SHOW (offsetof (zmq_poller_event_t, events));
#endif
    return 0;
}
