/*
 * remote_lat: latency measuring side (REQ, connects).
 *   remote_lat <connect-to> <message-size> <roundtrip-count>
 *
 * Same arguments and output as libzmq's perf/remote_lat:
 * latency = elapsed / (2 * roundtrip-count). Fails if a reply does not come
 * within PERF_TIMEOUT_MS. Also prints the process CPU time.
 */
#include "perf_common.h"

int main (int argc, char *argv[])
{
    const char *connect_to;
    size_t message_size;
    long roundtrip_count;
    void *ctx;
    void *s;
    zmq_msg_t msg;
    long i;
    double start, elapsed, latency;
    int curve;
    long wire_at;

    if (argc != 4) {
        printf ("usage: remote_lat <connect-to> <message-size> "
                "<roundtrip-count>\n");
        return 1;
    }
    connect_to = argv[1];
    message_size = (size_t) perf_parse_long (argv[2], "message-size", 0);
    roundtrip_count = perf_parse_long (argv[3], "roundtrip-count", 1);

    ctx = zmq_ctx_new ();
    if (!ctx)
        PERF_FAIL_ZMQ ("zmq_ctx_new");
    s = zmq_socket (ctx, ZMQ_REQ);
    if (!s)
        PERF_FAIL_ZMQ ("zmq_socket");
    perf_setsockopt_int (s, ZMQ_RCVTIMEO, perf_timeout_ms (), "ZMQ_RCVTIMEO");
    perf_set_linger (s);
    curve = perf_set_curve (s, 0, connect_to);
    /* PERF_CURVE: check the bytes on the wire halfway through (the peer may
     * close as soon as it sent the last reply) */
    wire_at = roundtrip_count / 2 > 0 ? roundtrip_count / 2 : 1;

    if (zmq_connect (s, connect_to) != 0)
        PERF_FAIL_ZMQ ("zmq_connect");
    perf_show_lib ();

    if (zmq_msg_init_size (&msg, message_size) != 0)
        PERF_FAIL_ZMQ ("zmq_msg_init_size");
    if (message_size > 0)
        memset (zmq_msg_data (&msg), 0, message_size);

    start = perf_now_us ();
    for (i = 0; i != roundtrip_count; i++) {
        if (zmq_msg_send (&msg, s, 0) < 0)
            PERF_FAIL_ZMQ ("zmq_msg_send");
        perf_recv_or_die (s, &msg, message_size, i, roundtrip_count,
                          "roundtrips");
        if (curve && i + 1 == wire_at)
            start += perf_curve_wire_check (connect_to, wire_at, message_size,
                                            1 /* REQ: delimiter + body */);
    }
    elapsed = perf_now_us () - start;

    if (zmq_msg_close (&msg) != 0)
        PERF_FAIL_ZMQ ("zmq_msg_close");

    latency = elapsed / ((double) roundtrip_count * 2.0);

    printf ("message size: %d [B]\n", (int) message_size);
    printf ("roundtrip count: %d\n", (int) roundtrip_count);
    printf ("average latency: %.3f [us]\n", latency);
    fflush (stdout);

    if (zmq_close (s) != 0)
        PERF_FAIL_ZMQ ("zmq_close");
    if (zmq_ctx_term (ctx) != 0)
        PERF_FAIL_ZMQ ("zmq_ctx_term");
    perf_print_cpu ();
    return 0;
}
