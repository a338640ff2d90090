/*
 * remote_thr: throughput sender (PUSH, connects).
 *   remote_thr <connect-to> <message-size> <message-count>
 *
 * Same arguments and semantics as libzmq's perf/remote_thr: sends
 * <message-count> messages of <message-size> bytes, then closes the socket
 * right after the last send and calls zmq_ctx_term, relying on ZMQ_LINGER
 * (library default, infinite) to deliver everything. In addition it sets
 * ZMQ_SNDBUF/ZMQ_RCVBUF (PERF_SOCKBUF, default 1 MiB) and prints the process
 * CPU time. See perf_common.h for the environment variables.
 */
#include "perf_common.h"

int main (int argc, char *argv[])
{
    const char *connect_to;
    size_t message_size;
    long message_count;
    void *ctx;
    void *s;
    zmq_msg_t msg;
    long i;
    int sockbuf_ok = 1;

    if (argc != 4) {
        printf ("usage: remote_thr <connect-to> <message-size> "
                "<message-count>\n");
        return 1;
    }
    connect_to = argv[1];
    message_size = (size_t) perf_parse_long (argv[2], "message-size", 0);
    message_count = perf_parse_long (argv[3], "message-count", 1);

    ctx = zmq_ctx_new ();
    if (!ctx)
        PERF_FAIL_ZMQ ("zmq_ctx_new");
    s = zmq_socket (ctx, ZMQ_PUSH);
    if (!s)
        PERF_FAIL_ZMQ ("zmq_socket");
    perf_set_sockbuf (s);
    perf_set_linger (s);
    perf_set_curve (s, 0, connect_to);

    if (zmq_connect (s, connect_to) != 0)
        PERF_FAIL_ZMQ ("zmq_connect");
    perf_show_lib ();

    for (i = 0; i != message_count; i++) {
        if (zmq_msg_init_size (&msg, message_size) != 0)
            PERF_FAIL_ZMQ ("zmq_msg_init_size");
        if (zmq_msg_send (&msg, s, 0) < 0)
            PERF_FAIL_ZMQ ("zmq_msg_send");
        if (zmq_msg_close (&msg) != 0)
            PERF_FAIL_ZMQ ("zmq_msg_close");
    }

    /* the connection exists by now (or will within a moment: messages are
     * queued); check the buffers, then close right away as libzmq's tool */
    if (perf_check_sockbuf (connect_to, 2000) != 0)
        sockbuf_ok = 0;

    if (zmq_close (s) != 0)
        PERF_FAIL_ZMQ ("zmq_close");
    if (zmq_ctx_term (ctx) != 0)
        PERF_FAIL_ZMQ ("zmq_ctx_term");
    printf ("messages sent: %ld\n", message_count);
    perf_print_cpu ();
    return sockbuf_ok ? 0 : 1;
}
