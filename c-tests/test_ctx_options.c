/* zmq_ctx_get defaults and zmq_ctx_set round trips (observed on libzmq
 * 4.3.4): IO_THREADS 1, MAX_SOCKETS 1023, SOCKET_LIMIT 65535, IPV6 0,
 * BLOCKY 1, MSG_T_SIZE 64.  Set values read back; invalid values
 * (IO_THREADS -1, MAX_SOCKETS 0, BLOCKY -1) and unknown options are EINVAL.
 * IPV6 set on the context becomes the default of new sockets; BLOCKY 0
 * makes new sockets default to LINGER 0. */
#include "testutil.h"

int main(void)
{
    void *ctx, *s;
    TU_START();

    ctx = tu_ctx();
    TU_EQ_INT(zmq_ctx_get(ctx, ZMQ_IO_THREADS), 1);
    TU_EQ_INT(zmq_ctx_get(ctx, ZMQ_MAX_SOCKETS), 1023);
    TU_EQ_INT(zmq_ctx_get(ctx, ZMQ_SOCKET_LIMIT), 65535);
    TU_EQ_INT(zmq_ctx_get(ctx, ZMQ_IPV6), 0);
    TU_EQ_INT(zmq_ctx_get(ctx, ZMQ_BLOCKY), 1);
    TU_EQ_INT(zmq_ctx_get(ctx, ZMQ_MSG_T_SIZE), (int)sizeof(zmq_msg_t));
    TU_EQ_INT(ZMQ_IO_THREADS_DFLT, 1);
    TU_EQ_INT(ZMQ_MAX_SOCKETS_DFLT, 1023);

    TU_OK(zmq_ctx_set(ctx, ZMQ_IO_THREADS, 2));
    TU_EQ_INT(zmq_ctx_get(ctx, ZMQ_IO_THREADS), 2);
    TU_OK(zmq_ctx_set(ctx, ZMQ_MAX_SOCKETS, 10));
    TU_EQ_INT(zmq_ctx_get(ctx, ZMQ_MAX_SOCKETS), 10);
    TU_OK(zmq_ctx_set(ctx, ZMQ_IPV6, 1));
    TU_EQ_INT(zmq_ctx_get(ctx, ZMQ_IPV6), 1);
    TU_OK(zmq_ctx_set(ctx, ZMQ_BLOCKY, 0));
    TU_EQ_INT(zmq_ctx_get(ctx, ZMQ_BLOCKY), 0);

    TU_ERR(zmq_ctx_set(ctx, ZMQ_IO_THREADS, -1), EINVAL);
    TU_ERR(zmq_ctx_set(ctx, ZMQ_MAX_SOCKETS, 0), EINVAL);
    TU_ERR(zmq_ctx_set(ctx, ZMQ_BLOCKY, -1), EINVAL);
    TU_ERR(zmq_ctx_set(ctx, 12345, 1), EINVAL);
    TU_ERR(zmq_ctx_get(ctx, 12345), EINVAL);
    /* failed sets changed nothing */
    TU_EQ_INT(zmq_ctx_get(ctx, ZMQ_IO_THREADS), 2);
    TU_EQ_INT(zmq_ctx_get(ctx, ZMQ_MAX_SOCKETS), 10);
    TU_EQ_INT(zmq_ctx_get(ctx, ZMQ_BLOCKY), 0);

    s = zmq_socket(ctx, ZMQ_PUSH);
    TU_ASSERT(s != NULL);
    TU_EQ_INT(tu_get_int(s, ZMQ_IPV6), 1);
    TU_EQ_INT(tu_get_int(s, ZMQ_LINGER), 0);
    TU_OK(zmq_close(s));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
