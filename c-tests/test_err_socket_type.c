/* zmq_socket with a type outside 0..20 fails with EINVAL; every stable
 * type (0..11) can be created. */
#include "testutil.h"

int main(void)
{
    void *ctx;
    int t;
    TU_START();

    ctx = tu_ctx();
    TU_NULL_ERR(zmq_socket(ctx, -1), EINVAL);
    TU_NULL_ERR(zmq_socket(ctx, 21), EINVAL);
    TU_NULL_ERR(zmq_socket(ctx, 1000), EINVAL);

    for (t = ZMQ_PAIR; t <= ZMQ_STREAM; t++) {
        void *s = zmq_socket(ctx, t);
        TU_ASSERT_MSG(s != NULL, "type %d", t);
        TU_EQ_INT(tu_get_int(s, ZMQ_TYPE), t);
        TU_OK(zmq_close(s));
    }
    /* the aliases */
    TU_EQ_INT(ZMQ_XREQ, ZMQ_DEALER);
    TU_EQ_INT(ZMQ_XREP, ZMQ_ROUTER);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
