/* ZMQ_LAST_ENDPOINT: "" before any bind/connect; after bind the resolved
 * endpoint, after connect the string connected to; the length returned
 * includes the NUL; a buffer too small for it gives EINVAL. */
#include "testutil.h"

int main(void)
{
    void *ctx, *s, *c;
    char buf[256], ep[256], inproc[256];
    size_t len;
    TU_START();

    ctx = tu_ctx();
    s = tu_socket(ctx, ZMQ_PULL);
    c = tu_socket(ctx, ZMQ_PUSH);

    len = sizeof buf;
    TU_OK(zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, buf, &len));
    TU_EQ_INT(len, 1);
    TU_EQ_STR(buf, "");

    TU_OK(zmq_bind(s, "tcp://127.0.0.1:*"));
    len = sizeof ep;
    TU_OK(zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, ep, &len));
    TU_EQ_INT(len, strlen(ep) + 1);
    TU_ASSERT(strncmp(ep, "tcp://127.0.0.1:", 16) == 0);

    /* exactly large enough works, one byte less does not */
    len = strlen(ep) + 1;
    TU_OK(zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, buf, &len));
    TU_EQ_STR(buf, ep);
    len = strlen(ep);
    TU_ERR(zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, buf, &len), EINVAL);
    len = 5;
    TU_ERR(zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, buf, &len), EINVAL);
    len = 0;
    TU_ERR(zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, buf, &len), EINVAL);

    TU_OK(zmq_connect(c, ep));
    tu_last_endpoint(c, buf, sizeof buf);
    TU_EQ_STR(buf, ep);

    tu_inproc_endpoint(inproc, sizeof inproc);
    TU_OK(zmq_bind(s, inproc));
    tu_last_endpoint(s, buf, sizeof buf);
    TU_EQ_STR(buf, inproc);

    /* a failed bind does not change it */
    TU_ERR(zmq_bind(s, "tcp://127.0.0.1:abc"), EINVAL);
    tu_last_endpoint(s, buf, sizeof buf);
    TU_EQ_STR(buf, inproc);

    TU_OK(zmq_close(s));
    TU_OK(zmq_close(c));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
