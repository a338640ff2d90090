/*  Source compatibility: code written the way libzmq programs are written,
    calling each of the 70 stable functions once, using the macros programs
    switch on. It must compile against both headers with -Wall -Wextra
    -Werror, and link against both libraries (so each function is exported).

    Run without arguments it only checks the compile-time macros and exits 0:
    the library's functions are not called (their behaviour is tested
    elsewhere), but with -Wl,-z,now every symbol must resolve at load.      */

#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include <zmq.h>

#if !defined ZMQ_VERSION || !defined ZMQ_MAKE_VERSION
#error "ZMQ_VERSION and ZMQ_MAKE_VERSION are missing"
#endif
#if ZMQ_VERSION < ZMQ_MAKE_VERSION (4, 3, 0)
#error "ZMQ_VERSION is below 4.3.0"
#endif
#if ZMQ_VERSION_MAJOR != 4 || ZMQ_VERSION_MINOR != 3
#error "not the 4.3 API"
#endif
#if !defined ZMQ_HAS_CAPABILITIES || !defined ZMQ_HAVE_TIMERS                 \
  || !defined ZMQ_DEFINED_STDINT
#error "feature macros are missing"
#endif
#if !defined ETERM || !defined EFSM || !defined ENOCOMPATPROTO                \
  || !defined EMTHREAD || !defined EHOSTUNREACH || !defined ENOTSUP
#error "errno values are missing"
#endif

static void free_data (void *data, void *hint)
{
    (void) hint;
    free (data);
}

static void on_timer (int timer_id, void *arg)
{
    (void) timer_id;
    (void) arg;
}

static void thread_main (void *arg)
{
    (void) arg;
}

/*  Each call once; results folded into a checksum so none is unused.       */
static long exercise (void)
{
    long sum = 0;
    int major, minor, patch;
    zmq_version (&major, &minor, &patch);
    sum += zmq_errno ();
    sum += (long) strlen (zmq_strerror (ETERM));

    void *ctx = zmq_ctx_new ();
    sum += zmq_ctx_set (ctx, ZMQ_IO_THREADS, ZMQ_IO_THREADS_DFLT);
    sum += zmq_ctx_get (ctx, ZMQ_MAX_SOCKETS);
    void *old = zmq_init (1);
    sum += zmq_term (old);

    void *s = zmq_socket (ctx, ZMQ_ROUTER);
    int linger = 0;
    size_t len = sizeof linger;
    sum += zmq_setsockopt (s, ZMQ_LINGER, &linger, sizeof linger);
    sum += zmq_getsockopt (s, ZMQ_LINGER, &linger, &len);
    sum += zmq_setsockopt (s, ZMQ_IDENTITY, "id", 2);
    sum += zmq_bind (s, "inproc://usage");
    sum += zmq_connect (s, "inproc://usage");
    sum += zmq_unbind (s, "inproc://usage");
    sum += zmq_disconnect (s, "inproc://usage");
    sum += zmq_socket_monitor (s, "inproc://monitor", ZMQ_EVENT_ALL);

    char buf[32] = "hello";
    sum += zmq_send (s, buf, 5, ZMQ_SNDMORE);
    sum += zmq_send_const (s, "const", 5, ZMQ_DONTWAIT);
    sum += zmq_recv (s, buf, sizeof buf, ZMQ_NOBLOCK);

    zmq_msg_t msg, copy;
    sum += zmq_msg_init (&msg);
    sum += zmq_msg_init_size (&copy, 10);
    sum += zmq_msg_close (&copy);
    void *data = malloc (8);
    zmq_free_fn *ffn = free_data;
    sum += zmq_msg_init_data (&copy, data, 8, ffn, NULL);
    sum += zmq_msg_copy (&msg, &copy);
    sum += zmq_msg_move (&msg, &copy);
    sum += (long) zmq_msg_size (&msg) + (zmq_msg_data (&msg) != NULL);
    sum += zmq_msg_more (&msg);
    sum += zmq_msg_get (&msg, ZMQ_MORE) + zmq_msg_get (&msg, ZMQ_SHARED);
    sum += zmq_msg_set (&msg, ZMQ_MORE, 0);
    sum += zmq_msg_gets (&msg, "Peer-Address") != NULL;
    sum += zmq_msg_send (&msg, s, 0);
    sum += zmq_msg_recv (&msg, s, 0);
    sum += zmq_sendmsg (s, &msg, 0);
    sum += zmq_recvmsg (s, &msg, 0);
    sum += zmq_msg_close (&msg);

    struct iovec iov[2];
    size_t count = 2;
    iov[0].iov_base = buf;
    iov[0].iov_len = 1;
    iov[1] = iov[0];
    sum += zmq_sendiov (s, iov, 2, 0);
    sum += zmq_recviov (s, iov, &count, 0);

    zmq_pollitem_t items[] = {{s, 0, ZMQ_POLLIN | ZMQ_POLLOUT, 0},
                              {NULL, 0, ZMQ_POLLIN | ZMQ_POLLERR, 0}};
    sum += zmq_poll (items, 2, -1);
    sum += items[0].revents;

    sum += zmq_proxy (s, s, NULL);
    sum += zmq_proxy_steerable (s, s, NULL, NULL);
    sum += zmq_device (ZMQ_QUEUE, s, s);
    sum += zmq_has ("curve");

    char public_key[41], secret_key[41], z85[41];
    uint8_t raw[32];
    memset (raw, 0, sizeof raw);
    sum += zmq_curve_keypair (public_key, secret_key);
    sum += zmq_curve_public (public_key, secret_key);
    sum += zmq_z85_encode (z85, raw, sizeof raw) != NULL;
    sum += zmq_z85_decode (raw, z85) != NULL;

    void *counter = zmq_atomic_counter_new ();
    zmq_atomic_counter_set (counter, 1);
    sum += zmq_atomic_counter_inc (counter) + zmq_atomic_counter_dec (counter);
    sum += zmq_atomic_counter_value (counter);
    zmq_atomic_counter_destroy (&counter);

    void *timers = zmq_timers_new ();
    int id = zmq_timers_add (timers, 10, on_timer, NULL);
    sum += zmq_timers_set_interval (timers, id, 20);
    sum += zmq_timers_reset (timers, id);
    sum += zmq_timers_timeout (timers);
    sum += zmq_timers_execute (timers);
    sum += zmq_timers_cancel (timers, id);
    sum += zmq_timers_destroy (&timers);

    void *watch = zmq_stopwatch_start ();
    sum += (long) zmq_stopwatch_intermediate (watch);
    sum += (long) zmq_stopwatch_stop (watch);
    zmq_sleep (0);
    void *thread = zmq_threadstart (&thread_main, NULL);
    zmq_threadclose (thread);

    sum += zmq_close (s);
    sum += zmq_ctx_shutdown (ctx);
    sum += zmq_ctx_term (ctx);
    sum += zmq_ctx_destroy (zmq_ctx_new ());
    return sum + major + minor + patch;
}

int main (int argc, char **argv)
{
    (void) argv;
    /*  Never true in the checks: only compiling and linking are tested.     */
    if (argc > 1000)
        return (int) exercise ();
    return 0;
}
