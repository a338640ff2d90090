/* Without ROUTER_MANDATORY a message addressed to an unknown routing id is
 * silently dropped: every frame's send reports success (its size), nothing
 * blocks, and the next message to a known peer is delivered as the first
 * thing that peer receives. */
#include "testutil.h"

int main(void)
{
    void *ctx, *router, *dealer;
    char ep[256];
    int64_t t0;
    TU_START();

    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_set_int(router, ZMQ_SNDTIMEO, -1);
    tu_bind_any(router, "tcp", ep, sizeof ep);
    dealer = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, "D", 1));
    TU_OK(zmq_connect(dealer, ep));
    tu_send_str(dealer, "hello", 0);
    tu_recv_str(router, "D", 1);
    tu_recv_str(router, "hello", 0);

    t0 = tu_now_ms();
    TU_EQ_INT(zmq_send(router, "nobody", 6, ZMQ_SNDMORE), 6);
    TU_EQ_INT(zmq_send(router, "lost1", 5, ZMQ_SNDMORE), 5);
    TU_EQ_INT(zmq_send(router, "lost2", 5, 0), 5);
    TU_EQ_INT(zmq_send(router, "nobody", 6, ZMQ_SNDMORE | ZMQ_DONTWAIT), 6);
    TU_EQ_INT(zmq_send(router, "lost3", 5, ZMQ_DONTWAIT), 5);
    TU_ASSERT(tu_now_ms() - t0 < TU_PROMPT_MS);

    tu_send_str(router, "D", ZMQ_SNDMORE);
    tu_send_str(router, "found", 0);
    tu_recv_str(dealer, "found", 0);
    TU_ASSERT(!tu_wait_readable(dealer, 50));

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
