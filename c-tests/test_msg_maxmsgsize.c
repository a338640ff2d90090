/* ZMQ_MAXMSGSIZE on the receiver: a message of exactly the limit (100
 * bytes) is delivered; a larger one (101 bytes) is never delivered — the
 * connection carrying it is dropped instead (not an API error on either
 * side); the sender reconnects and later small messages arrive again.
 * Over tcp. */
#include "testutil.h"

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    static char buf[256];
    int64_t limit = 100, deadline;
    int rc;
    TU_START();

    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_setsockopt(pull, ZMQ_MAXMSGSIZE, &limit, sizeof limit));
    tu_set_int(push, ZMQ_RECONNECT_IVL, 20);
    tu_bind_any(pull, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));

    memset(buf, 'm', sizeof buf);
    TU_EQ_INT(zmq_send(push, buf, 100, 0), 100);
    TU_EQ_INT(zmq_recv(pull, buf, sizeof buf, 0), 100);

    TU_EQ_INT(zmq_send(push, buf, 101, 0), 101);

    /* after the reconnection small messages flow again; the 101-byte one
     * never shows up */
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    for (;;) {
        rc = zmq_send(push, "after", 5, ZMQ_DONTWAIT);
        TU_ASSERT(rc == 5 || (rc == -1 && zmq_errno() == EAGAIN));
        if (tu_wait_readable(pull, 50)) {
            rc = zmq_recv(pull, buf, sizeof buf, 0);
            TU_ASSERT_MSG(rc == 5, "received %d bytes", rc);
            break;
        }
        TU_ASSERT_MSG(tu_now_ms() < deadline, "no message after the drop");
    }
    while ((rc = zmq_recv(pull, buf, sizeof buf, ZMQ_DONTWAIT)) >= 0)
        TU_EQ_INT(rc, 5);

    TU_OK(zmq_close(pull));
    TU_OK(zmq_close(push));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
