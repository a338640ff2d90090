/* inproc has no handshake and so no connection metadata: zmq_msg_gets on a
 * message received over inproc returns NULL with EINVAL for "Socket-Type",
 * "Peer-Address" and "Identity" (PUSH->PULL, DEALER->ROUTER, both the
 * routing-id frame and the body). */
#include "testutil.h"

static void none(zmq_msg_t *m)
{
    TU_NULL_ERR(zmq_msg_gets(m, "Socket-Type"), EINVAL);
    TU_NULL_ERR(zmq_msg_gets(m, "Peer-Address"), EINVAL);
    TU_NULL_ERR(zmq_msg_gets(m, "Identity"), EINVAL);
}

int main(void)
{
    void *ctx, *a, *b;
    char ep[256];
    zmq_msg_t m;
    TU_START();
    ctx = tu_ctx();

    a = tu_socket(ctx, ZMQ_PUSH);
    b = tu_socket(ctx, ZMQ_PULL);
    tu_bind_any(b, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(a, ep));
    tu_send_str(a, "x", 0);
    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_recv(&m, b, 0), 1);
    none(&m);
    TU_OK(zmq_msg_close(&m));
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));

    a = tu_socket(ctx, ZMQ_DEALER);
    b = tu_socket(ctx, ZMQ_ROUTER);
    TU_OK(zmq_setsockopt(a, ZMQ_ROUTING_ID, "dlr", 3));
    tu_bind_any(b, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(a, ep));
    tu_send_str(a, "y", 0);
    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_recv(&m, b, 0), 3);
    none(&m);
    TU_EQ_INT(zmq_msg_recv(&m, b, 0), 1);
    none(&m);
    TU_OK(zmq_msg_close(&m));
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));

    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
