/* Send-only and receive-only socket types reject the other direction with
 * ENOTSUP: recv on PUB and PUSH, send on SUB and PULL. */
#include "testutil.h"

int main(void)
{
    void *ctx, *pub, *sub, *push, *pull;
    char buf[16];
    zmq_msg_t msg;
    TU_START();

    ctx = tu_ctx();
    pub = tu_socket(ctx, ZMQ_PUB);
    sub = tu_socket(ctx, ZMQ_SUB);
    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);

    TU_ERR(zmq_recv(pub, buf, sizeof buf, 0), ENOTSUP);
    TU_ERR(zmq_recv(pub, buf, sizeof buf, ZMQ_DONTWAIT), ENOTSUP);
    TU_ERR(zmq_recv(push, buf, sizeof buf, 0), ENOTSUP);
    TU_ERR(zmq_recv(push, buf, sizeof buf, ZMQ_DONTWAIT), ENOTSUP);
    TU_ERR(zmq_send(sub, "x", 1, 0), ENOTSUP);
    TU_ERR(zmq_send(sub, "x", 1, ZMQ_DONTWAIT), ENOTSUP);
    TU_ERR(zmq_send(pull, "x", 1, 0), ENOTSUP);
    TU_ERR(zmq_send(pull, "x", 1, ZMQ_DONTWAIT), ENOTSUP);

    /* the zmq_msg_* forms too */
    TU_OK(zmq_msg_init_size(&msg, 1));
    TU_ERR(zmq_msg_send(&msg, pull, 0), ENOTSUP);
    TU_ERR(zmq_msg_recv(&msg, push, 0), ENOTSUP);
    TU_OK(zmq_msg_close(&msg));

    TU_OK(zmq_close(pub));
    TU_OK(zmq_close(sub));
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
