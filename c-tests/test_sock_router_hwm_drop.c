/* A ROUTER without ROUTER_MANDATORY drops at the high-water mark instead of
 * blocking: with ROUTER SNDHWM 1 and DEALER RCVHWM 1 over inproc, ten sends
 * to the DEALER all succeed at once (even without ZMQ_DONTWAIT), and the
 * DEALER receives exactly the first two. */
#include "testutil.h"

int main(void)
{
    void *ctx, *router, *dealer;
    char ep[256], body[16];
    int i;
    int64_t t0;
    TU_START();

    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_set_int(router, ZMQ_SNDHWM, 1);
    tu_set_int(router, ZMQ_SNDTIMEO, -1);
    tu_bind_any(router, "inproc", ep, sizeof ep);
    dealer = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(dealer, ZMQ_RCVHWM, 1);
    TU_OK(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, "X", 1));
    TU_OK(zmq_connect(dealer, ep));
    tu_send_str(dealer, "hello", 0);
    tu_recv_str(router, "X", 1);
    tu_recv_str(router, "hello", 0);

    t0 = tu_now_ms();
    for (i = 0; i < 10; i++) {
        snprintf(body, sizeof body, "m%d", i);
        tu_send_str(router, "X", ZMQ_SNDMORE);
        tu_send_str(router, body, 0);
    }
    TU_ASSERT(tu_now_ms() - t0 < TU_PROMPT_MS);

    tu_recv_str(dealer, "m0", 0);
    tu_recv_str(dealer, "m1", 0);
    TU_ASSERT(!tu_wait_readable(dealer, 100));

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
