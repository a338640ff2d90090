/* The peer's routing id is published under the property name "Identity"
 * (what libzmq 4.3 puts in its READY command): a ROUTER receiving from a
 * DEALER whose ZMQ_ROUTING_ID is "dealer-7" reads "Identity" = "dealer-7";
 * the newer name "Routing-Id" is only a fallback target of "Identity", so
 * asking for "Routing-Id" directly gives NULL/EINVAL.  A DEALER without a
 * routing id announces an empty one (""); a ROUTER announces an empty one
 * to its peer as well. */
#include "testutil.h"

int main(void)
{
    void *ctx, *r, *d, *d2;
    char ep[256];
    zmq_msg_t m;
    TU_START();

    ctx = tu_ctx();
    r = tu_socket(ctx, ZMQ_ROUTER);
    d = tu_socket(ctx, ZMQ_DEALER);
    d2 = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(d, ZMQ_ROUTING_ID, "dealer-7", 8));
    tu_bind_any(r, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(d, ep));
    TU_OK(zmq_connect(d2, ep));

    tu_send_str(d, "one", 0);
    TU_OK(zmq_msg_init(&m));
    TU_OK(zmq_msg_recv(&m, r, 0));
    TU_EQ_INT(zmq_msg_size(&m), 8);
    TU_EQ_STR(zmq_msg_gets(&m, "Identity"), "dealer-7");
    TU_NULL_ERR(zmq_msg_gets(&m, "Routing-Id"), EINVAL);
    TU_OK(zmq_msg_recv(&m, r, 0));
    TU_EQ_STR(zmq_msg_gets(&m, "Identity"), "dealer-7");

    tu_send_str(d2, "two", 0);
    TU_OK(zmq_msg_recv(&m, r, 0));
    TU_EQ_INT(zmq_msg_size(&m), 5); /* generated id */
    TU_EQ_STR(zmq_msg_gets(&m, "Identity"), "");
    TU_OK(zmq_msg_recv(&m, r, 0));

    /* ROUTER -> DEALER */
    tu_send_str(r, "dealer-7", ZMQ_SNDMORE);
    tu_send_str(r, "back", 0);
    TU_OK(zmq_msg_recv(&m, d, 0));
    TU_EQ_STR(zmq_msg_gets(&m, "Identity"), "");
    TU_EQ_STR(zmq_msg_gets(&m, "Socket-Type"), "ROUTER");
    TU_OK(zmq_msg_close(&m));

    TU_OK(zmq_close(r));
    TU_OK(zmq_close(d));
    TU_OK(zmq_close(d2));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
