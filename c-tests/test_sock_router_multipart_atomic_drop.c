/* A ROUTER dropping at the high-water mark drops whole messages: the HWM
 * is checked at the routing-id frame, so a three-frame message is either
 * delivered complete or not at all.  inproc, ROUTER SNDHWM 1 + DEALER
 * RCVHWM 1: of ten messages exactly the first two arrive, each whole. */
#include "testutil.h"

int main(void)
{
    void *ctx, *router, *dealer;
    char ep[256], body[16];
    int i;
    TU_START();

    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_set_int(router, ZMQ_SNDHWM, 1);
    tu_bind_any(router, "inproc", ep, sizeof ep);
    dealer = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(dealer, ZMQ_RCVHWM, 1);
    TU_OK(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, "X", 1));
    TU_OK(zmq_connect(dealer, ep));
    tu_send_str(dealer, "hello", 0);
    tu_recv_str(router, "X", 1);
    tu_recv_str(router, "hello", 0);

    for (i = 0; i < 10; i++) {
        snprintf(body, sizeof body, "m%d", i);
        tu_send_str(router, "X", ZMQ_SNDMORE);
        tu_send_str(router, body, ZMQ_SNDMORE);
        tu_send_str(router, "b", ZMQ_SNDMORE);
        tu_send_str(router, "c", 0);
    }

    for (i = 0; i < 2; i++) {
        snprintf(body, sizeof body, "m%d", i);
        tu_recv_str(dealer, body, 1);
        tu_recv_str(dealer, "b", 1);
        tu_recv_str(dealer, "c", 0);
    }
    TU_ASSERT(!tu_wait_readable(dealer, 100));

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
