/*
 * inproc_lat: REQ/REP latency over inproc within one process.
 *   inproc_lat <message-size> <roundtrip-count>
 *
 * Same arguments and output as libzmq's perf/inproc_lat: the main thread
 * binds a REQ socket to inproc://lat_test, a worker thread connects a REP
 * socket and echoes; latency = elapsed / (2 * roundtrip-count). In addition:
 * PERF_TIMEOUT_MS bound on every receive, optional thread pinning
 * (PERF_CPU_MAIN = REQ side, PERF_CPU_WORKER = REP side) and the process
 * CPU time.
 */
#include "perf_common.h"

static size_t message_size;
static long roundtrip_count;

static void *worker (void *ctx)
{
    void *s;
    zmq_msg_t msg;
    long i;

    perf_pin_thread ("PERF_CPU_WORKER");
    s = zmq_socket (ctx, ZMQ_REP);
    if (!s)
        PERF_FAIL_ZMQ ("zmq_socket");
    perf_setsockopt_int (s, ZMQ_RCVTIMEO, perf_timeout_ms (), "ZMQ_RCVTIMEO");
    if (zmq_connect (s, "inproc://lat_test") != 0)
        PERF_FAIL_ZMQ ("zmq_connect");
    if (zmq_msg_init (&msg) != 0)
        PERF_FAIL_ZMQ ("zmq_msg_init");

    for (i = 0; i != roundtrip_count; i++) {
        perf_recv_or_die (s, &msg, message_size, i, roundtrip_count,
                          "roundtrips (echo side)");
        if (zmq_msg_send (&msg, s, 0) < 0)
            PERF_FAIL_ZMQ ("zmq_msg_send");
    }

    if (zmq_msg_close (&msg) != 0)
        PERF_FAIL_ZMQ ("zmq_msg_close");
    if (zmq_close (s) != 0)
        PERF_FAIL_ZMQ ("zmq_close");
    return NULL;
}

int main (int argc, char *argv[])
{
    pthread_t thread;
    void *ctx;
    void *s;
    zmq_msg_t msg;
    long i;
    int rc;
    double start, elapsed, latency;

    if (argc != 3) {
        printf ("usage: inproc_lat <message-size> <roundtrip-count>\n");
        return 1;
    }
    message_size = (size_t) perf_parse_long (argv[1], "message-size", 0);
    roundtrip_count = perf_parse_long (argv[2], "roundtrip-count", 1);

    perf_refuse_curve ("inproc_lat");
    perf_pin_thread ("PERF_CPU_MAIN");
    ctx = zmq_ctx_new ();
    if (!ctx)
        PERF_FAIL_ZMQ ("zmq_ctx_new");
    s = zmq_socket (ctx, ZMQ_REQ);
    if (!s)
        PERF_FAIL_ZMQ ("zmq_socket");
    perf_setsockopt_int (s, ZMQ_RCVTIMEO, perf_timeout_ms (), "ZMQ_RCVTIMEO");
    if (zmq_bind (s, "inproc://lat_test") != 0)
        PERF_FAIL_ZMQ ("zmq_bind");
    perf_show_lib ();

    rc = pthread_create (&thread, NULL, worker, ctx);
    if (rc != 0) {
        printf ("error in pthread_create: %s\n", strerror (rc));
        return 1;
    }

    if (zmq_msg_init_size (&msg, message_size) != 0)
        PERF_FAIL_ZMQ ("zmq_msg_init_size");
    if (message_size > 0)
        memset (zmq_msg_data (&msg), 0, message_size);

    printf ("message size: %d [B]\n", (int) message_size);
    printf ("roundtrip count: %d\n", (int) roundtrip_count);
    fflush (stdout);

    start = perf_now_us ();
    for (i = 0; i != roundtrip_count; i++) {
        if (zmq_msg_send (&msg, s, 0) < 0)
            PERF_FAIL_ZMQ ("zmq_msg_send");
        perf_recv_or_die (s, &msg, message_size, i, roundtrip_count,
                          "roundtrips");
    }
    elapsed = perf_now_us () - start;

    if (zmq_msg_close (&msg) != 0)
        PERF_FAIL_ZMQ ("zmq_msg_close");

    latency = elapsed / ((double) roundtrip_count * 2.0);

    rc = pthread_join (thread, NULL);
    if (rc != 0) {
        printf ("error in pthread_join: %s\n", strerror (rc));
        return 1;
    }

    printf ("average latency: %.3f [us]\n", latency);
    fflush (stdout);

    if (zmq_close (s) != 0)
        PERF_FAIL_ZMQ ("zmq_close");
    if (zmq_ctx_term (ctx) != 0)
        PERF_FAIL_ZMQ ("zmq_ctx_term");
    perf_print_cpu ();
    return 0;
}
