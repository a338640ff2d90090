/*
 * local_thr: throughput receiver (PULL, binds).
 *   local_thr <bind-to> <message-size> <message-count>
 *
 * Same arguments and output as libzmq's perf/local_thr. Throughput is counted
 * at the receiver from the first to the last message (libzmq's formula:
 * message-count / time from first to last). In addition it sets
 * ZMQ_SNDBUF/ZMQ_RCVBUF (PERF_SOCKBUF, default 1 MiB), checks that exactly
 * <message-count> messages of <message-size> bytes arrive (fails after
 * PERF_TIMEOUT_MS of silence, reporting how many arrived) and prints the
 * process CPU time. See perf_common.h for the environment variables.
 */
#include "perf_common.h"

int main (int argc, char *argv[])
{
    const char *bind_to;
    size_t message_size;
    long message_count;
    void *ctx;
    void *s;
    zmq_msg_t msg;
    long i;
    double start, elapsed;
    unsigned long throughput;
    double megabits;
    int sockbuf_ok = 1;
    int curve;
    long wire_at;

    if (argc != 4) {
        printf ("usage: local_thr <bind-to> <message-size> <message-count>\n");
        return 1;
    }
    bind_to = argv[1];
    message_size = (size_t) perf_parse_long (argv[2], "message-size", 0);
    message_count = perf_parse_long (argv[3], "message-count", 1);

    ctx = zmq_ctx_new ();
    if (!ctx)
        PERF_FAIL_ZMQ ("zmq_ctx_new");
    s = zmq_socket (ctx, ZMQ_PULL);
    if (!s)
        PERF_FAIL_ZMQ ("zmq_socket");
    perf_set_sockbuf (s);
    perf_setsockopt_int (s, ZMQ_RCVTIMEO, perf_timeout_ms (), "ZMQ_RCVTIMEO");
    curve = perf_set_curve (s, 1, bind_to);
    /* PERF_CURVE: check the bytes on the wire halfway through */
    wire_at = message_count / 2 > 0 ? message_count / 2 : 1;

    if (zmq_bind (s, bind_to) != 0)
        PERF_FAIL_ZMQ ("zmq_bind");
    perf_show_lib ();

    if (zmq_msg_init (&msg) != 0)
        PERF_FAIL_ZMQ ("zmq_msg_init");

    perf_recv_or_die (s, &msg, message_size, 0, message_count, "messages");
    start = perf_now_us ();
    perf_first_us = start;
    /* cheap (a scan of /proc/self/fd) and done once, inside the timed part
     * so that the flow is already running */
    if (perf_check_sockbuf (bind_to, 0) != 0)
        sockbuf_ok = 0;
    if (curve && wire_at == 1)
        start += perf_curve_wire_check (bind_to, 1, message_size, 0);
    for (i = 1; i != message_count; i++) {
        perf_recv_or_die (s, &msg, message_size, i, message_count, "messages");
        if (curve && i + 1 == wire_at)
            start += perf_curve_wire_check (bind_to, wire_at, message_size, 0);
    }
    elapsed = perf_now_us () - start;
    if (elapsed < 1.0)
        elapsed = 1.0;

    /* Nothing more may be queued: the sender sent exactly message_count. */
    if (zmq_msg_recv (&msg, s, ZMQ_DONTWAIT) >= 0) {
        printf ("error: received more than %ld messages\n", message_count);
        return 1;
    }
    if (zmq_msg_close (&msg) != 0)
        PERF_FAIL_ZMQ ("zmq_msg_close");

    throughput =
      (unsigned long) ((double) message_count / elapsed * 1000000.0);
    megabits = (double) throughput * (double) message_size * 8.0 / 1000000.0;

    printf ("message size: %d [B]\n", (int) message_size);
    printf ("message count: %d\n", (int) message_count);
    printf ("mean throughput: %d [msg/s]\n", (int) throughput);
    printf ("mean throughput: %.3f [Mb/s]\n", megabits);
    printf ("messages received: %ld of %ld\n", message_count, message_count);
    fflush (stdout);

    if (zmq_close (s) != 0)
        PERF_FAIL_ZMQ ("zmq_close");
    if (zmq_ctx_term (ctx) != 0)
        PERF_FAIL_ZMQ ("zmq_ctx_term");
    perf_print_cpu ();
    return sockbuf_ok ? 0 : 1;
}
