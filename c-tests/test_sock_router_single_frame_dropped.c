/* A ROUTER treats a one-frame message (no ZMQ_SNDMORE on the routing-id
 * frame) as malformed and silently drops it: the send returns the frame's
 * size, even with ROUTER_MANDATORY and an unknown id, and nothing reaches
 * the peer it names; the next proper message does. */
#include "testutil.h"

int main(void)
{
    void *ctx, *router, *dealer;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_set_int(router, ZMQ_ROUTER_MANDATORY, 1);
    tu_bind_any(router, "tcp", ep, sizeof ep);
    dealer = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, "D", 1));
    TU_OK(zmq_connect(dealer, ep));
    tu_send_str(dealer, "hello", 0);
    tu_recv_str(router, "D", 1);
    tu_recv_str(router, "hello", 0);

    TU_EQ_INT(zmq_send(router, "D", 1, 0), 1);
    TU_EQ_INT(zmq_send(router, "nobody", 6, 0), 6);
    TU_EQ_INT(zmq_send(router, "nobody", 6, ZMQ_DONTWAIT), 6);

    tu_send_str(router, "D", ZMQ_SNDMORE);
    tu_send_str(router, "real", 0);
    tu_recv_str(dealer, "real", 0);
    TU_ASSERT(!tu_wait_readable(dealer, 50));

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
