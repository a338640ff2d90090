/* Integer options require optvallen == sizeof(int) exactly: 2 or 8 bytes
 * fail with EINVAL on both zmq_setsockopt and zmq_getsockopt, and leave the
 * value unchanged. */
#include "testutil.h"

static const int int_opts[] = { ZMQ_SNDHWM, ZMQ_RCVHWM, ZMQ_LINGER,
                                ZMQ_RCVTIMEO, ZMQ_SNDTIMEO,
                                ZMQ_RECONNECT_IVL, 0 };

int main(void)
{
    void *ctx, *s;
    int i;
    TU_START();

    ctx = tu_ctx();
    s = zmq_socket(ctx, ZMQ_PUSH);
    TU_ASSERT(s != NULL);
    for (i = 0; int_opts[i]; i++) {
        int opt = int_opts[i];
        int before = tu_get_int(s, opt);
        int64_t big = 42;
        short small = 42;
        size_t len;

        TU_ERR(zmq_setsockopt(s, opt, &small, 2), EINVAL);
        TU_ERR(zmq_setsockopt(s, opt, &big, 8), EINVAL);
        TU_ERR(zmq_setsockopt(s, opt, &big, 0), EINVAL);
        TU_EQ_INT(tu_get_int(s, opt), before);

        len = 2;
        TU_ERR(zmq_getsockopt(s, opt, &big, &len), EINVAL);
        len = 8;
        TU_ERR(zmq_getsockopt(s, opt, &big, &len), EINVAL);
    }
    /* ZMQ_TYPE and ZMQ_RCVMORE (read-only ints) check the size on get too */
    {
        int64_t big = 0;
        size_t len = 8;
        TU_ERR(zmq_getsockopt(s, ZMQ_TYPE, &big, &len), EINVAL);
        len = 2;
        TU_ERR(zmq_getsockopt(s, ZMQ_RCVMORE, &big, &len), EINVAL);
    }
    TU_OK(zmq_setsockopt(s, ZMQ_LINGER, &(int){ 0 }, sizeof(int)));
    TU_OK(zmq_close(s));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
