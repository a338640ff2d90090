//  The types of zmq.h as C++ sees them (build with -std=c++11 or later).
//  The same facts as types.c, checked with <type_traits>.

#include <cstddef>
#include <type_traits>

#include <zmq.h>

static_assert (sizeof (zmq_msg_t) == 64, "sizeof (zmq_msg_t) == 64");
static_assert (alignof (zmq_msg_t) == sizeof (void *),
               "zmq_msg_t is pointer-aligned");
static_assert (std::is_same<decltype (zmq_msg_t::_), unsigned char[64]>::value,
               "zmq_msg_t._ is unsigned char[64]");
static_assert (std::is_standard_layout<zmq_msg_t>::value
                 && std::is_trivial<zmq_msg_t>::value,
               "zmq_msg_t is a plain C struct");

static_assert (sizeof (zmq_pollitem_t) == 16, "sizeof (zmq_pollitem_t)");
static_assert (offsetof (zmq_pollitem_t, fd) == 8, "fd at 8");
static_assert (offsetof (zmq_pollitem_t, events) == 12, "events at 12");
static_assert (offsetof (zmq_pollitem_t, revents) == 14, "revents at 14");
static_assert (std::is_same<decltype (zmq_pollitem_t::socket), void *>::value,
               "pollitem.socket");
static_assert (std::is_same<decltype (zmq_pollitem_t::fd), zmq_fd_t>::value,
               "pollitem.fd");
static_assert (std::is_same<decltype (zmq_pollitem_t::events), short>::value,
               "pollitem.events");

static_assert (std::is_same<zmq_free_fn, void (void *, void *)>::value,
               "zmq_free_fn is a function type");
static_assert (std::is_same<zmq_timer_fn, void (int, void *)>::value,
               "zmq_timer_fn is a function type");
static_assert (std::is_same<zmq_thread_fn, void (void *)>::value,
               "zmq_thread_fn is a function type");

// The functions have C linkage: a C function pointer type accepts them.
extern "C" typedef int c_bind_fn (void *, const char *);
static c_bind_fn *const bind_ptr = zmq_bind;

// Aggregate initialisation, as C++ programs write poll sets.
static zmq_pollitem_t items[] = {{nullptr, 0, ZMQ_POLLIN, 0}};

int main ()
{
    (void) bind_ptr;
    return items[0].events == ZMQ_POLLIN ? 0 : 1;
}
