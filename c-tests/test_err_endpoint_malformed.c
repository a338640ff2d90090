/* Malformed endpoints fail with EINVAL on bind and connect.
 *
 * Observed on libzmq 4.3.4: connect to "tcp://127.0.0.1:65536" SUCCEEDS
 * (the port is not range-checked on the connect path), so port 65536 is
 * only asserted for bind. */
#include "testutil.h"

static const char *both[] = {
    "abc",                 /* no "://" */
    "tcp:/127.0.0.1:5555", /* no "://" */
    "://127.0.0.1:5555",   /* empty transport */
    "tcp://",              /* empty address */
    "tcp://127.0.0.1",     /* no port */
    "tcp://127.0.0.1:",    /* empty port */
    "tcp://127.0.0.1:abc", /* non-numeric port */
    "inproc://",           /* empty inproc name */
    "ipc://",              /* empty ipc path */
    NULL,
};

int main(void)
{
    void *ctx, *s;
    int i;
    TU_START();

    ctx = tu_ctx();
    s = tu_socket(ctx, ZMQ_PULL);
    for (i = 0; both[i]; i++) {
        int rc = zmq_bind(s, both[i]);
        int e = zmq_errno();
        TU_ASSERT_MSG(rc == -1 && e == EINVAL, "bind(\"%s\") rc %d errno %d",
                      both[i], rc, e);
        rc = zmq_connect(s, both[i]);
        e = zmq_errno();
        TU_ASSERT_MSG(rc == -1 && e == EINVAL,
                      "connect(\"%s\") rc %d errno %d", both[i], rc, e);
    }
    TU_ERR(zmq_bind(s, "tcp://127.0.0.1:65536"), EINVAL);
    /* wildcard port is for bind only */
    TU_ERR(zmq_connect(s, "tcp://127.0.0.1:*"), EINVAL);

    /* none of the above left an endpoint behind */
    {
        char ep[256];
        tu_last_endpoint(s, ep, sizeof ep);
        TU_EQ_STR(ep, "");
    }
    TU_OK(zmq_close(s));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
