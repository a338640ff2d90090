/* ZMQ_HELLO_MSG and ZMQ_DISCONNECT_MSG on a ROUTER: each peer that
 * connects receives the hello message first (before anything queued for
 * it), on every new connection; when an accepted peer goes away the
 * ROUTER receives [routing id, disconnect message]. A DEALER's
 * ZMQ_HELLO_MSG reaches the ROUTER as [id, hello]. */
#include "testutil.h"

int main(void)
{
    char ep[256];
    void *ctx, *router, *dealer, *d2;
    TU_START();
    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    TU_OK(zmq_setsockopt(router, ZMQ_HELLO_MSG, "HELLO", 5));
    TU_OK(zmq_setsockopt(router, ZMQ_DISCONNECT_MSG, "BYE", 3));
    tu_bind_any(router, "tcp", ep, sizeof ep);

    dealer = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, "A", 1));
    TU_OK(zmq_connect(dealer, ep));
    tu_recv_str(dealer, "HELLO", 0);

    /* normal traffic both ways */
    tu_send_str(dealer, "ping", 0);
    tu_recv_str(router, "A", 1);
    tu_recv_str(router, "ping", 0);
    tu_send_str(router, "A", ZMQ_SNDMORE);
    tu_send_str(router, "pong", 0);
    tu_recv_str(dealer, "pong", 0);

    /* a DEALER with its own hello */
    d2 = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(d2, ZMQ_ROUTING_ID, "B", 1));
    TU_OK(zmq_setsockopt(d2, ZMQ_HELLO_MSG, "I am B", 6));
    TU_OK(zmq_connect(d2, ep));
    tu_recv_str(d2, "HELLO", 0);
    tu_recv_str(router, "B", 1);
    tu_recv_str(router, "I am B", 0);

    /* A leaves: the ROUTER is told */
    TU_OK(zmq_close(dealer));
    tu_recv_str(router, "A", 1);
    tu_recv_str(router, "BYE", 0);
    TU_OK(zmq_close(d2));
    tu_recv_str(router, "B", 1);
    tu_recv_str(router, "BYE", 0);

    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
