/*
 * pub_thr: fan-out throughput sender (PUB), the peer of sub_thr.
 *   pub_thr <control-endpoint> <message-size> <message-count> <subscribers>
 *
 * Binds a PUB socket on a wildcard endpoint of the control endpoint's
 * transport (tcp://127.0.0.1:* for tcp, <path>.pub for ipc), connects a REQ
 * socket to sub_thr's control endpoint and sends it the PUB's endpoint
 * (ZMQ_LAST_ENDPOINT). Until sub_thr answers "ready" (every SUB connected,
 * subscribed and reached), it publishes a 1-byte warm-up message every
 * millisecond. Then it publishes <message-count> messages of <message-size>
 * bytes, the first 8 bytes a sequence number, closes the PUB right after
 * the last send and terminates the context (default linger: everything
 * queued is delivered). ZMQ_SNDHWM = <message-count> + 100000 per
 * subscriber, so nothing needs to be dropped.
 */
#include "perf_common.h"

#include <stdint.h>

int main (int argc, char *argv[])
{
    const char *ctl_ep;
    size_t size;
    long count, nsubs, i, warmups = 0;
    void *ctx, *pub, *req;
    char ep[512];
    size_t eplen = sizeof ep;
    char reply[16];
    int timeout = perf_timeout_ms ();
    double deadline;
    zmq_msg_t msg;

    if (argc != 5) {
        printf ("usage: pub_thr <control-endpoint> <message-size> "
                "<message-count> <subscribers>\n");
        return 1;
    }
    ctl_ep = argv[1];
    size = (size_t) perf_parse_long (argv[2], "message-size", 8);
    count = perf_parse_long (argv[3], "message-count", 1);
    nsubs = perf_parse_long (argv[4], "subscribers", 1);
    (void) nsubs;

    ctx = zmq_ctx_new ();
    if (!ctx)
        PERF_FAIL_ZMQ ("zmq_ctx_new");
    pub = zmq_socket (ctx, ZMQ_PUB);
    if (!pub)
        PERF_FAIL_ZMQ ("zmq_socket (PUB)");
    perf_setsockopt_int (pub, ZMQ_SNDHWM, (int) (count + 100000), "ZMQ_SNDHWM");
    perf_set_linger (pub);
    if (strncmp (ctl_ep, "ipc://", 6) == 0) {
        snprintf (ep, sizeof ep, "%s.pub", ctl_ep);
    } else if (strncmp (ctl_ep, "tcp://", 6) == 0) {
        snprintf (ep, sizeof ep, "tcp://127.0.0.1:*");
    } else {
        printf ("error: control endpoint must be tcp:// or ipc://\n");
        return 1;
    }
    if (zmq_bind (pub, ep) != 0)
        PERF_FAIL_ZMQ ("zmq_bind");
    if (zmq_getsockopt (pub, ZMQ_LAST_ENDPOINT, ep, &eplen) != 0)
        PERF_FAIL_ZMQ ("zmq_getsockopt (ZMQ_LAST_ENDPOINT)");

    req = zmq_socket (ctx, ZMQ_REQ);
    if (!req)
        PERF_FAIL_ZMQ ("zmq_socket (REQ)");
    perf_setsockopt_int (req, ZMQ_LINGER, 0, "ZMQ_LINGER");
    perf_setsockopt_int (req, ZMQ_SNDTIMEO, timeout, "ZMQ_SNDTIMEO");
    if (zmq_connect (req, ctl_ep) != 0)
        PERF_FAIL_ZMQ ("zmq_connect");
    perf_show_lib ();
    if (zmq_send (req, ep, strlen (ep), 0) < 0)
        PERF_FAIL_ZMQ ("zmq_send (endpoint)");

    /* warm-up until every SUB is reached */
    deadline = perf_now_us () + (double) timeout * 1000.0;
    for (;;) {
        zmq_pollitem_t it = {req, 0, ZMQ_POLLIN, 0};
        int rc = zmq_poll (&it, 1, 1);
        if (rc < 0)
            PERF_FAIL_ZMQ ("zmq_poll");
        if (rc > 0) {
            int n = zmq_recv (req, reply, sizeof reply, 0);
            if (n != 5 || memcmp (reply, "ready", 5) != 0) {
                printf ("error: unexpected control reply\n");
                return 1;
            }
            break;
        }
        if (perf_now_us () > deadline) {
            printf ("error: sub_thr not ready after %d ms (%ld warm-up "
                    "messages sent)\n",
                    timeout, warmups);
            return 1;
        }
        if (zmq_send (pub, "w", 1, ZMQ_DONTWAIT) < 0 && errno != EAGAIN)
            PERF_FAIL_ZMQ ("zmq_send (warm-up)");
        warmups++;
    }

    for (i = 0; i != count; i++) {
        uint64_t seq = (uint64_t) i;
        if (zmq_msg_init_size (&msg, size) != 0)
            PERF_FAIL_ZMQ ("zmq_msg_init_size");
        memcpy (zmq_msg_data (&msg), &seq, sizeof seq);
        if (zmq_msg_send (&msg, pub, 0) < 0)
            PERF_FAIL_ZMQ ("zmq_msg_send");
        if (zmq_msg_close (&msg) != 0)
            PERF_FAIL_ZMQ ("zmq_msg_close");
    }
    if (zmq_close (pub) != 0)
        PERF_FAIL_ZMQ ("zmq_close");
    if (zmq_close (req) != 0)
        PERF_FAIL_ZMQ ("zmq_close");
    if (zmq_ctx_term (ctx) != 0)
        PERF_FAIL_ZMQ ("zmq_ctx_term");
    printf ("warm-up messages: %ld\n", warmups);
    printf ("messages sent: %ld\n", count);
    perf_print_cpu ();
    return 0;
}
