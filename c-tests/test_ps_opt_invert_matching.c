/* ZMQ_INVERT_MATCHING reads back what was set (default 0) on PUB, SUB,
 * XPUB and XSUB; it takes an int of exactly sizeof(int) (other sizes:
 * EINVAL, on set and on get). */
#include "testutil.h"

int main(void)
{
    static const int types[] = { ZMQ_PUB, ZMQ_SUB, ZMQ_XPUB, ZMQ_XSUB };
    void *ctx, *s;
    size_t i;
    TU_START();

    ctx = tu_ctx();
    for (i = 0; i < sizeof types / sizeof types[0]; i++) {
        int64_t big = 1;
        int v;
        size_t len;
        s = tu_socket(ctx, types[i]);
        TU_EQ_INT(tu_get_int(s, ZMQ_INVERT_MATCHING), 0);
        tu_set_int(s, ZMQ_INVERT_MATCHING, 1);
        TU_EQ_INT(tu_get_int(s, ZMQ_INVERT_MATCHING), 1);
        tu_set_int(s, ZMQ_INVERT_MATCHING, 0);
        TU_EQ_INT(tu_get_int(s, ZMQ_INVERT_MATCHING), 0);
        TU_ERR(zmq_setsockopt(s, ZMQ_INVERT_MATCHING, &big, sizeof big),
               EINVAL);
        len = sizeof big;
        TU_ERR(zmq_getsockopt(s, ZMQ_INVERT_MATCHING, &big, &len), EINVAL);
        len = 2;
        TU_ERR(zmq_getsockopt(s, ZMQ_INVERT_MATCHING, &v, &len), EINVAL);
        TU_OK(zmq_close(s));
    }
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
