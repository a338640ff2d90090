/* After zmq_ctx_shutdown, zmq_socket fails with ETERM (shutdown is
 * idempotent), and zmq_ctx_term still completes. */
#include "testutil.h"

int main(void)
{
    void *ctx;
    TU_START();

    ctx = tu_ctx();
    TU_OK(zmq_ctx_shutdown(ctx));
    TU_NULL_ERR(zmq_socket(ctx, ZMQ_PUSH), ETERM);
    TU_NULL_ERR(zmq_socket(ctx, ZMQ_PAIR), ETERM);
    TU_OK(zmq_ctx_shutdown(ctx));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
