/* The legacy API: zmq_init(1) gives a working context with one I/O thread,
 * zmq_term and zmq_ctx_destroy terminate like zmq_ctx_term; zmq_init(-1) is
 * EINVAL.  zmq_init(0) gives a context without I/O threads (inproc works,
 * tcp bind fails with EMTHREAD). */
#include "testutil.h"

int main(void)
{
    void *ctx, *a, *b;
    char ep[256];
    TU_START();

    ctx = zmq_init(1);
    TU_ASSERT(ctx != NULL);
    TU_EQ_INT(zmq_ctx_get(ctx, ZMQ_IO_THREADS), 1);
    a = tu_socket(ctx, ZMQ_PAIR);
    b = tu_socket(ctx, ZMQ_PAIR);
    tu_bind_any(a, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(b, ep));
    tu_send_str(b, "legacy", 0);
    tu_recv_str(a, "legacy", 0);
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_EQ_INT(zmq_term(ctx), 0);

    TU_NULL_ERR(zmq_init(-1), EINVAL);

    ctx = zmq_init(0);
    TU_ASSERT(ctx != NULL);
    TU_EQ_INT(zmq_ctx_get(ctx, ZMQ_IO_THREADS), 0);
    a = tu_socket(ctx, ZMQ_PAIR);
    b = tu_socket(ctx, ZMQ_PAIR);
    TU_ERR(zmq_bind(a, "tcp://127.0.0.1:*"), EMTHREAD);
    tu_bind_any(a, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(b, ep));
    tu_send_str(b, "no io threads", 0);
    tu_recv_str(a, "no io threads", 0);
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_EQ_INT(zmq_ctx_destroy(ctx), 0);
    return 0;
}
