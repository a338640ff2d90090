/* Empty frames with NULL buffers: zmq_send(s, NULL, 0, ...) sends an empty
 * frame; zmq_recv(s, NULL, 0, 0) receives a frame without copying and
 * returns its real size (0 for an empty frame, 5 for "hello");
 * zmq_send_const(s, NULL, 0, ...) works too.  Over tcp. */
#include "testutil.h"

int main(void)
{
    void *ctx, *a, *b;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    a = tu_socket(ctx, ZMQ_PAIR);
    b = tu_socket(ctx, ZMQ_PAIR);
    tu_bind_any(a, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(b, ep));

    TU_EQ_INT(zmq_send(b, NULL, 0, ZMQ_SNDMORE), 0);
    TU_EQ_INT(zmq_send_const(b, NULL, 0, ZMQ_SNDMORE), 0);
    TU_EQ_INT(zmq_send(b, "hello", 5, 0), 5);
    TU_EQ_INT(zmq_recv(a, NULL, 0, 0), 0);
    TU_EQ_INT(tu_get_int(a, ZMQ_RCVMORE), 1);
    TU_EQ_INT(zmq_recv(a, NULL, 0, 0), 0);
    TU_EQ_INT(tu_get_int(a, ZMQ_RCVMORE), 1);
    TU_EQ_INT(zmq_recv(a, NULL, 0, 0), 5);
    TU_EQ_INT(tu_get_int(a, ZMQ_RCVMORE), 0);

    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
