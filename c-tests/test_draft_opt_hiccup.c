/* ZMQ_HICCUP_MSG on a DEALER: when a connection it made drops (the peer
 * goes away after the handshake) the DEALER receives the hiccup message;
 * it reconnects and the peer's ZMQ_HELLO_MSG comes again on the new
 * connection. */
#include "testutil.h"

int main(void)
{
    char ep[256];
    void *ctx, *router, *dealer;
    TU_START();
    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    TU_OK(zmq_setsockopt(router, ZMQ_HELLO_MSG, "HELLO", 5));
    tu_bind_any(router, "tcp", ep, sizeof ep);

    dealer = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(dealer, ZMQ_HICCUP_MSG, "HICCUP", 6));
    tu_set_int(dealer, ZMQ_RECONNECT_IVL, 50);
    TU_OK(zmq_connect(dealer, ep));
    tu_recv_str(dealer, "HELLO", 0);

    /* the peer goes away, then comes back at the same address */
    TU_OK(zmq_close(router));
    tu_recv_str(dealer, "HICCUP", 0);
    router = tu_socket(ctx, ZMQ_ROUTER);
    TU_OK(zmq_setsockopt(router, ZMQ_HELLO_MSG, "HELLO2", 6));
    tu_bind_retry(router, ep);
    tu_recv_str(dealer, "HELLO2", 0);
    tu_send_str(dealer, "after", 0);
    {
        char id[64];
        TU_ASSERT(zmq_recv(router, id, sizeof id, 0) > 0);
        tu_recv_str(router, "after", 0);
    }

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
