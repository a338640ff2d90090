/* Unknown option numbers, and setting read-only options, fail with EINVAL;
 * so does getting a set-only option. */
#include "testutil.h"

int main(void)
{
    void *ctx, *s;
    int v = 1;
    size_t len = sizeof v;
    char buf[64];
    TU_START();

    ctx = tu_ctx();
    s = tu_socket(ctx, ZMQ_SUB);

    TU_ERR(zmq_setsockopt(s, 9999, &v, sizeof v), EINVAL);
    TU_ERR(zmq_getsockopt(s, 9999, &v, &len), EINVAL);
    TU_ERR(zmq_setsockopt(s, -1, &v, sizeof v), EINVAL);
    len = sizeof v;
    TU_ERR(zmq_getsockopt(s, -1, &v, &len), EINVAL);
    /* unused numbers inside the range */
    TU_ERR(zmq_setsockopt(s, 10, &v, sizeof v), EINVAL);
    TU_ERR(zmq_setsockopt(s, 20, &v, sizeof v), EINVAL);

    /* read-only */
    TU_ERR(zmq_setsockopt(s, ZMQ_TYPE, &v, sizeof v), EINVAL);
    TU_ERR(zmq_setsockopt(s, ZMQ_RCVMORE, &v, sizeof v), EINVAL);
    TU_ERR(zmq_setsockopt(s, ZMQ_EVENTS, &v, sizeof v), EINVAL);
    TU_ERR(zmq_setsockopt(s, ZMQ_LAST_ENDPOINT, "x", 1), EINVAL);

    /* set-only */
    len = sizeof buf;
    TU_ERR(zmq_getsockopt(s, ZMQ_SUBSCRIBE, buf, &len), EINVAL);
    len = sizeof buf;
    TU_ERR(zmq_getsockopt(s, ZMQ_UNSUBSCRIBE, buf, &len), EINVAL);

    TU_OK(zmq_close(s));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
