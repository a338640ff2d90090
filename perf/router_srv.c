/*
 * router_srv: a ROUTER echo server for many DEALERs, the peer of dealer_cli.
 *   router_srv <bind-to> <message-size> <round-trips-per-dealer> <dealers>
 *
 * Binds a ROUTER (ZMQ_BACKLOG 4096 so that a thousand connects are not
 * refused, ZMQ_ROUTER_MANDATORY so that a reply to an unknown peer fails
 * loudly instead of vanishing) and answers every request [routing id][body]
 * with the same two frames, until it has answered
 * <dealers> x (<round-trips-per-dealer> + 1) requests (the + 1: dealer_cli's
 * warm-up round). Fails after PERF_TIMEOUT_MS without a request, on a
 * request of the wrong shape or size, and on a failed reply.
 */
#include "perf_common.h"

int main (int argc, char *argv[])
{
    const char *bind_to;
    size_t size;
    long rounds, dealers, total, i;
    void *ctx, *s;
    zmq_msg_t id, body;

    if (argc != 5) {
        printf ("usage: router_srv <bind-to> <message-size> "
                "<round-trips-per-dealer> <dealers>\n");
        return 1;
    }
    bind_to = argv[1];
    size = (size_t) perf_parse_long (argv[2], "message-size", 16);
    rounds = perf_parse_long (argv[3], "round-trips-per-dealer", 1);
    dealers = perf_parse_long (argv[4], "dealers", 1);
    total = dealers * (rounds + 1);

    ctx = zmq_ctx_new ();
    if (!ctx)
        PERF_FAIL_ZMQ ("zmq_ctx_new");
    s = zmq_socket (ctx, ZMQ_ROUTER);
    if (!s)
        PERF_FAIL_ZMQ ("zmq_socket (ROUTER)");
    perf_setsockopt_int (s, ZMQ_RCVTIMEO, perf_timeout_ms (), "ZMQ_RCVTIMEO");
    perf_setsockopt_int (s, ZMQ_BACKLOG, 4096, "ZMQ_BACKLOG");
    perf_setsockopt_int (s, ZMQ_ROUTER_MANDATORY, 1, "ZMQ_ROUTER_MANDATORY");
    if (zmq_bind (s, bind_to) != 0)
        PERF_FAIL_ZMQ ("zmq_bind");
    perf_show_lib ();

    if (zmq_msg_init (&id) != 0 || zmq_msg_init (&body) != 0)
        PERF_FAIL_ZMQ ("zmq_msg_init");
    for (i = 0; i < total; i++) {
        if (zmq_msg_recv (&id, s, 0) < 0) {
            if (errno == EAGAIN)
                printf ("error: no request for %d ms: received %ld of %ld "
                        "messages\n",
                        perf_timeout_ms (), i, total);
            else
                printf ("error in zmq_msg_recv: %s: received %ld of %ld "
                        "messages\n",
                        zmq_strerror (errno), i, total);
            perf_print_cpu ();
            return 1;
        }
        if (!zmq_msg_more (&id)) {
            printf ("error: a request without a body (after %ld)\n", i);
            return 1;
        }
        if (zmq_msg_recv (&body, s, 0) < 0)
            PERF_FAIL_ZMQ ("zmq_msg_recv (body)");
        if (zmq_msg_more (&body) || zmq_msg_size (&body) != size) {
            printf ("message of incorrect size received: %lu instead of %lu "
                    "(or more frames)\n",
                    (unsigned long) zmq_msg_size (&body), (unsigned long) size);
            return 1;
        }
        if (zmq_msg_send (&id, s, ZMQ_SNDMORE) < 0)
            PERF_FAIL_ZMQ ("zmq_msg_send (routing id)");
        if (zmq_msg_send (&body, s, 0) < 0)
            PERF_FAIL_ZMQ ("zmq_msg_send (body)");
    }
    printf ("requests served: %ld of %ld from %ld dealers\n", total, total,
            dealers);
    fflush (stdout);
    zmq_msg_close (&id);
    zmq_msg_close (&body);
    if (zmq_close (s) != 0)
        PERF_FAIL_ZMQ ("zmq_close");
    if (zmq_ctx_term (ctx) != 0)
        PERF_FAIL_ZMQ ("zmq_ctx_term");
    perf_print_cpu ();
    return 0;
}
