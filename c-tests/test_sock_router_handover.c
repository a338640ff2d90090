/* ROUTER_HANDOVER: a second peer connecting with a routing id already in
 * use takes the id over; its messages are delivered under that id and
 * messages to the id go to the new peer only, not to the old one.  tcp. */
#include "testutil.h"

int main(void)
{
    void *ctx, *router, *d1, *d2;
    char ep[256], buf[64];
    TU_START();

    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_set_int(router, ZMQ_ROUTER_HANDOVER, 1);
    tu_bind_any(router, "tcp", ep, sizeof ep);

    d1 = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(d1, ZMQ_ROUTING_ID, "X", 1));
    tu_set_int(d1, ZMQ_RECONNECT_IVL, -1);
    TU_OK(zmq_connect(d1, ep));
    tu_send_str(d1, "hello-1", 0);
    tu_recv_str(router, "X", 1);
    tu_recv_str(router, "hello-1", 0);

    d2 = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(d2, ZMQ_ROUTING_ID, "X", 1));
    TU_OK(zmq_connect(d2, ep));
    tu_send_str(d2, "hello-2", 0);
    tu_recv_str(router, "X", 1);
    tu_recv_str(router, "hello-2", 0);

    tu_send_str(router, "X", ZMQ_SNDMORE);
    tu_send_str(router, "for-X", 0);
    tu_recv_str(d2, "for-X", 0);
    tu_set_int(d1, ZMQ_RCVTIMEO, 200);
    TU_ERR(zmq_recv(d1, buf, sizeof buf, 0), EAGAIN);

    TU_OK(zmq_close(d1));
    TU_OK(zmq_close(d2));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
