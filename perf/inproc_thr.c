/*
 * inproc_thr: throughput over inproc within one process.
 *   inproc_thr <message-size> <message-count>
 *
 * Same arguments and output as libzmq's perf/inproc_thr: the main thread
 * binds a PULL socket to inproc://thr_test, a worker thread connects a PUSH
 * socket and sends <message-count> messages of <message-size> bytes.
 * Throughput is counted at the receiver from the first to the last message.
 * In addition: checks the count (fails after PERF_TIMEOUT_MS of silence),
 * optional thread pinning (PERF_CPU_MAIN = receiver, PERF_CPU_WORKER =
 * sender) and prints the process CPU time.
 */
#include "perf_common.h"

static size_t message_size;
static long message_count;

static void *worker (void *ctx)
{
    void *s;
    zmq_msg_t msg;
    long i;

    perf_pin_thread ("PERF_CPU_WORKER");
    s = zmq_socket (ctx, ZMQ_PUSH);
    if (!s)
        PERF_FAIL_ZMQ ("zmq_socket");
    if (zmq_connect (s, "inproc://thr_test") != 0)
        PERF_FAIL_ZMQ ("zmq_connect");

    for (i = 0; i != message_count; i++) {
        if (zmq_msg_init_size (&msg, message_size) != 0)
            PERF_FAIL_ZMQ ("zmq_msg_init_size");
        if (zmq_msg_send (&msg, s, 0) < 0)
            PERF_FAIL_ZMQ ("zmq_msg_send");
        if (zmq_msg_close (&msg) != 0)
            PERF_FAIL_ZMQ ("zmq_msg_close");
    }

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
    double start, elapsed;
    unsigned long throughput;
    double megabits;

    if (argc != 3) {
        printf ("usage: inproc_thr <message-size> <message-count>\n");
        return 1;
    }
    message_size = (size_t) perf_parse_long (argv[1], "message-size", 0);
    message_count = perf_parse_long (argv[2], "message-count", 1);

    perf_refuse_curve ("inproc_thr");
    perf_pin_thread ("PERF_CPU_MAIN");
    ctx = zmq_ctx_new ();
    if (!ctx)
        PERF_FAIL_ZMQ ("zmq_ctx_new");
    s = zmq_socket (ctx, ZMQ_PULL);
    if (!s)
        PERF_FAIL_ZMQ ("zmq_socket");
    perf_setsockopt_int (s, ZMQ_RCVTIMEO, perf_timeout_ms (), "ZMQ_RCVTIMEO");
    if (zmq_bind (s, "inproc://thr_test") != 0)
        PERF_FAIL_ZMQ ("zmq_bind");
    perf_show_lib ();

    rc = pthread_create (&thread, NULL, worker, ctx);
    if (rc != 0) {
        printf ("error in pthread_create: %s\n", strerror (rc));
        return 1;
    }

    if (zmq_msg_init (&msg) != 0)
        PERF_FAIL_ZMQ ("zmq_msg_init");

    printf ("message size: %d [B]\n", (int) message_size);
    printf ("message count: %d\n", (int) message_count);
    fflush (stdout);

    perf_recv_or_die (s, &msg, message_size, 0, message_count, "messages");
    start = perf_now_us ();
    perf_first_us = start;
    for (i = 1; i != message_count; i++)
        perf_recv_or_die (s, &msg, message_size, i, message_count, "messages");
    elapsed = perf_now_us () - start;
    if (elapsed < 1.0)
        elapsed = 1.0;

    rc = pthread_join (thread, NULL);
    if (rc != 0) {
        printf ("error in pthread_join: %s\n", strerror (rc));
        return 1;
    }
    if (zmq_msg_recv (&msg, s, ZMQ_DONTWAIT) >= 0) {
        printf ("error: received more than %ld messages\n", message_count);
        return 1;
    }
    if (zmq_msg_close (&msg) != 0)
        PERF_FAIL_ZMQ ("zmq_msg_close");
    if (zmq_close (s) != 0)
        PERF_FAIL_ZMQ ("zmq_close");
    if (zmq_ctx_term (ctx) != 0)
        PERF_FAIL_ZMQ ("zmq_ctx_term");

    throughput =
      (unsigned long) ((double) message_count / elapsed * 1000000.0);
    megabits = (double) throughput * (double) message_size * 8.0 / 1000000.0;

    printf ("mean throughput: %d [msg/s]\n", (int) throughput);
    printf ("mean throughput: %.3f [Mb/s]\n", megabits);
    printf ("messages received: %ld of %ld\n", message_count, message_count);
    perf_print_cpu ();
    return 0;
}
