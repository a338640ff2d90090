/* STREAM options: ZMQ_TYPE is 11 (ZMQ_STREAM); ZMQ_STREAM_NOTIFY accepts
 * exactly 0 or 1 as an int of sizeof(int) (2, -1, or another size:
 * EINVAL), cannot be read back (getsockopt: EINVAL), and is rejected
 * (EINVAL) by every other socket type (ROUTER, DEALER, PUB, SUB, PAIR). */
#include "testutil.h"

int main(void)
{
    static const int others[] = { ZMQ_ROUTER, ZMQ_DEALER, ZMQ_PUB, ZMQ_SUB,
                                  ZMQ_PAIR, ZMQ_XPUB };
    void *ctx, *st, *s;
    int v;
    short sv = 1;
    int64_t lv = 1;
    size_t len, i;
    TU_START();

    ctx = tu_ctx();
    st = tu_socket(ctx, ZMQ_STREAM);
    TU_EQ_INT(tu_get_int(st, ZMQ_TYPE), ZMQ_STREAM);
    TU_EQ_INT(ZMQ_STREAM, 11);
    tu_set_int(st, ZMQ_STREAM_NOTIFY, 0);
    tu_set_int(st, ZMQ_STREAM_NOTIFY, 1);
    v = 2;
    TU_ERR(zmq_setsockopt(st, ZMQ_STREAM_NOTIFY, &v, sizeof v), EINVAL);
    v = -1;
    TU_ERR(zmq_setsockopt(st, ZMQ_STREAM_NOTIFY, &v, sizeof v), EINVAL);
    TU_ERR(zmq_setsockopt(st, ZMQ_STREAM_NOTIFY, &sv, sizeof sv), EINVAL);
    TU_ERR(zmq_setsockopt(st, ZMQ_STREAM_NOTIFY, &lv, sizeof lv), EINVAL);
    len = sizeof v;
    TU_ERR(zmq_getsockopt(st, ZMQ_STREAM_NOTIFY, &v, &len), EINVAL);

    for (i = 0; i < sizeof others / sizeof others[0]; i++) {
        s = tu_socket(ctx, others[i]);
        v = 1;
        TU_ERR(zmq_setsockopt(s, ZMQ_STREAM_NOTIFY, &v, sizeof v), EINVAL);
        v = 0;
        TU_ERR(zmq_setsockopt(s, ZMQ_STREAM_NOTIFY, &v, sizeof v), EINVAL);
        TU_OK(zmq_close(s));
    }

    TU_OK(zmq_close(st));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
