/* Binding a tcp port that is already bound fails with EADDRINUSE, whether
 * the first binder is another socket or the same one. */
#include "testutil.h"

int main(void)
{
    void *ctx, *a, *b;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    a = tu_socket(ctx, ZMQ_PULL);
    b = tu_socket(ctx, ZMQ_PULL);
    tu_bind_tcp(a, ep, sizeof ep);

    TU_ERR(zmq_bind(b, ep), EADDRINUSE);
    TU_ERR(zmq_bind(a, ep), EADDRINUSE);

    /* b is still usable: it can bind elsewhere */
    {
        char ep2[256];
        tu_bind_tcp(b, ep2, sizeof ep2);
        TU_ASSERT(strcmp(ep, ep2) != 0);
    }
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
