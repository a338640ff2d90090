/* ROUTER_MANDATORY after a peer disconnects: once the ROUTER has noticed
 * the connection is gone, sending to the peer's routing id fails with
 * EHOSTUNREACH (until then sends succeed).  tcp. */
#include "testutil.h"

int main(void)
{
    void *ctx, *router, *dealer;
    char ep[256];
    int64_t deadline;
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
    tu_send_str(router, "D", ZMQ_SNDMORE);
    tu_send_str(router, "welcome", 0);
    tu_recv_str(dealer, "welcome", 0);

    TU_OK(zmq_close(dealer));

    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    for (;;) {
        int rc = zmq_send(router, "D", 1, ZMQ_SNDMORE | ZMQ_DONTWAIT);
        if (rc == -1) {
            TU_EQ_INT(zmq_errno(), EHOSTUNREACH);
            break;
        }
        tu_send_str(router, "x", ZMQ_DONTWAIT);
        TU_ASSERT_MSG(tu_now_ms() < deadline, "peer never dropped");
        tu_sleep_ms(5);
    }
    TU_ERR(zmq_send(router, "D", 1, ZMQ_SNDMORE), EHOSTUNREACH);

    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
