/* REQ_RELAXED with and without REQ_CORRELATE when several requests pile up
 * on one peer (libzmq issue #1695).  Two requests are sent before the
 * ROUTER binds; the ROUTER echoes both back in order.
 *   - RELAXED + CORRELATE: only the reply to the last request is returned.
 *   - RELAXED alone: both replies come on the same pipe and nothing
 *     identifies them, so the first (stale) one is returned. */
#include "testutil.h"

static void bounce(void *s)
{
    int more;
    do {
        zmq_msg_t m;
        TU_OK(zmq_msg_init(&m));
        TU_OK(zmq_msg_recv(&m, s, 0));
        more = zmq_msg_more(&m);
        TU_OK(zmq_msg_send(&m, s, more ? ZMQ_SNDMORE : 0));
        TU_OK(zmq_msg_close(&m));
    } while (more);
}

static void run(int correlate, const char *expect)
{
    void *ctx, *req, *router;
    char ep[256];

    tu_free_tcp_endpoint(ep, sizeof ep);
    ctx = tu_ctx();
    req = tu_socket(ctx, ZMQ_REQ);
    tu_set_int(req, ZMQ_REQ_RELAXED, 1);
    if (correlate)
        tu_set_int(req, ZMQ_REQ_CORRELATE, 1);
    TU_OK(zmq_connect(req, ep));

    tu_send_str(req, "TO_BE_DISCARDED", 0);
    tu_send_str(req, "TO_BE_ANSWERED", 0);

    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_bind_retry(router, ep);
    bounce(router);
    bounce(router);

    tu_recv_str(req, expect, 0);

    TU_OK(zmq_close(req));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    run(1, "TO_BE_ANSWERED");
    run(0, "TO_BE_DISCARDED");
    return 0;
}
