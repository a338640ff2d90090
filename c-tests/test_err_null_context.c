/* Context calls given a NULL context fail with EFAULT. */
#include "testutil.h"

int main(void)
{
    TU_START();

    TU_NULL_ERR(zmq_socket(NULL, ZMQ_PUSH), EFAULT);
    TU_ERR(zmq_ctx_term(NULL), EFAULT);
    TU_ERR(zmq_ctx_shutdown(NULL), EFAULT);
    TU_ERR(zmq_ctx_set(NULL, ZMQ_IO_THREADS, 1), EFAULT);
    TU_ERR(zmq_ctx_get(NULL, ZMQ_IO_THREADS), EFAULT);
    /* the legacy names behave like zmq_ctx_term */
    TU_ERR(zmq_ctx_destroy(NULL), EFAULT);
    TU_ERR(zmq_term(NULL), EFAULT);
    return 0;
}
