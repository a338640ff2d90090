/* An inproc name can be bound once per context: a second bind (by another
 * socket or the same one) fails with EADDRINUSE.  Another context has its
 * own namespace. */
#include "testutil.h"

int main(void)
{
    void *ctx, *ctx2, *a, *b, *c;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    ctx2 = tu_ctx();
    a = tu_socket(ctx, ZMQ_PAIR);
    b = tu_socket(ctx, ZMQ_PAIR);
    c = tu_socket(ctx2, ZMQ_PAIR);
    tu_inproc_endpoint(ep, sizeof ep);

    TU_OK(zmq_bind(a, ep));
    TU_ERR(zmq_bind(b, ep), EADDRINUSE);
    TU_ERR(zmq_bind(a, ep), EADDRINUSE);
    TU_OK(zmq_bind(c, ep));

    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_close(c));
    TU_OK(zmq_ctx_term(ctx));
    TU_OK(zmq_ctx_term(ctx2));
    return 0;
}
