/* A DEALER adds and strips nothing: DEALER to DEALER frames arrive exactly
 * as sent (empty frames included), and a ROUTER receiving from a DEALER
 * sees only its routing-id frame in front of the frames sent (no empty
 * delimiter); the ROUTER's reply reaches the DEALER without the id. */
#include "testutil.h"

int main(void)
{
    void *ctx, *d1, *d2, *router;
    char ep[256], ep2[256];
    TU_START();

    ctx = tu_ctx();
    d1 = tu_socket(ctx, ZMQ_DEALER);
    d2 = tu_socket(ctx, ZMQ_DEALER);
    tu_bind_any(d1, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(d2, ep));

    tu_send_str(d2, "", ZMQ_SNDMORE);
    tu_send_str(d2, "a", ZMQ_SNDMORE);
    tu_send_str(d2, "", 0);
    tu_recv_str(d1, "", 1);
    tu_recv_str(d1, "a", 1);
    tu_recv_str(d1, "", 0);
    tu_send_str(d1, "back", 0);
    tu_recv_str(d2, "back", 0);

    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_bind_any(router, "inproc", ep2, sizeof ep2);
    TU_OK(zmq_setsockopt(d2, ZMQ_ROUTING_ID, "dd", 2));
    TU_OK(zmq_connect(d2, ep2));
    /* d2 now has two peers; d1 gets every other message, so address the
     * router by sending two and reading one on each side */
    tu_send_str(d2, "one", 0);
    tu_send_str(d2, "two", 0);
    tu_recv_str(d1, "one", 0);
    tu_recv_str(router, "dd", 1);
    tu_recv_str(router, "two", 0);

    tu_send_str(router, "dd", ZMQ_SNDMORE);
    tu_send_str(router, "x", ZMQ_SNDMORE);
    tu_send_str(router, "y", 0);
    tu_recv_str(d2, "x", 1);
    tu_recv_str(d2, "y", 0);

    TU_OK(zmq_close(d1));
    TU_OK(zmq_close(d2));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
