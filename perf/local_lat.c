/*
 * local_lat: latency echo side (REP, binds).
 *   local_lat <bind-to> <message-size> <roundtrip-count>
 *
 * Same arguments and semantics as libzmq's perf/local_lat: echoes
 * <roundtrip-count> messages of <message-size> bytes. Fails if a message of
 * another size arrives or if nothing arrives for PERF_TIMEOUT_MS. Unlike
 * libzmq's tool it does not sleep one second before closing; it relies on
 * ZMQ_LINGER (library default) to deliver the last reply. Set
 * PERF_CLOSE_DELAY_MS to sleep before closing like libzmq's tool does.
 */
#include "perf_common.h"

int main (int argc, char *argv[])
{
    const char *bind_to;
    size_t message_size;
    long roundtrip_count;
    long delay_ms;
    void *ctx;
    void *s;
    zmq_msg_t msg;
    long i;

    if (argc != 4) {
        printf ("usage: local_lat <bind-to> <message-size> "
                "<roundtrip-count>\n");
        return 1;
    }
    bind_to = argv[1];
    message_size = (size_t) perf_parse_long (argv[2], "message-size", 0);
    roundtrip_count = perf_parse_long (argv[3], "roundtrip-count", 1);

    ctx = zmq_ctx_new ();
    if (!ctx)
        PERF_FAIL_ZMQ ("zmq_ctx_new");
    s = zmq_socket (ctx, ZMQ_REP);
    if (!s)
        PERF_FAIL_ZMQ ("zmq_socket");
    perf_setsockopt_int (s, ZMQ_RCVTIMEO, perf_timeout_ms (), "ZMQ_RCVTIMEO");
    perf_set_linger (s);
    perf_set_curve (s, 1, bind_to);

    if (zmq_bind (s, bind_to) != 0)
        PERF_FAIL_ZMQ ("zmq_bind");
    perf_show_lib ();

    if (zmq_msg_init (&msg) != 0)
        PERF_FAIL_ZMQ ("zmq_msg_init");
    for (i = 0; i != roundtrip_count; i++) {
        perf_recv_or_die (s, &msg, message_size, i, roundtrip_count,
                          "roundtrips");
        if (zmq_msg_send (&msg, s, 0) < 0)
            PERF_FAIL_ZMQ ("zmq_msg_send");
    }
    if (zmq_msg_close (&msg) != 0)
        PERF_FAIL_ZMQ ("zmq_msg_close");

    delay_ms = perf_env_long ("PERF_CLOSE_DELAY_MS", 0);
    if (delay_ms > 0) {
        struct timespec ts;
        ts.tv_sec = delay_ms / 1000;
        ts.tv_nsec = (delay_ms % 1000) * 1000000L;
        nanosleep (&ts, NULL);
    }

    if (zmq_close (s) != 0)
        PERF_FAIL_ZMQ ("zmq_close");
    if (zmq_ctx_term (ctx) != 0)
        PERF_FAIL_ZMQ ("zmq_ctx_term");
    printf ("roundtrips echoed: %ld\n", roundtrip_count);
    perf_print_cpu ();
    return 0;
}
