/* zmq_unbind of a tcp endpoint releases the port: the same explicit
 * endpoint can be bound again (by the same socket, then by another one,
 * retrying while the old listener is being closed), and it works; the
 * socket that unbound gets nothing more from that port. */
#include "testutil.h"

int main(void)
{
    void *ctx, *pull, *pull2, *push;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_tcp(pull, ep, sizeof ep);
    TU_OK(zmq_unbind(pull, ep));

    /* same socket, same explicit endpoint */
    tu_bind_retry(pull, ep);
    push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "first", 0);
    tu_recv_str(pull, "first", 0);
    TU_OK(zmq_close(push));

    /* unbind again and let a different socket take the port */
    TU_OK(zmq_unbind(pull, ep));
    pull2 = tu_socket(ctx, ZMQ_PULL);
    tu_bind_retry(pull2, ep);
    push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "second", 0);
    tu_recv_str(pull2, "second", 0);
    /* the unbound socket gets nothing */
    TU_ASSERT(!tu_wait_readable(pull, 50));

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_close(pull2));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
