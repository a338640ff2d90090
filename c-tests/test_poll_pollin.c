/* zmq_poll reports ZMQ_POLLIN on a socket exactly when a message is waiting:
 * not before the send, yes after (within the timeout), not after the
 * message has been read. */
#include "testutil.h"

static void check(const char *tr)
{
    void *ctx, *push, *pull;
    char ep[256];
    zmq_pollitem_t item;

    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_any(pull, tr, ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));

    memset(&item, 0, sizeof item);
    item.socket = pull;
    item.events = ZMQ_POLLIN;
    TU_EQ_INT(zmq_poll(&item, 1, 0), 0);
    TU_EQ_INT(item.revents, 0);

    tu_send_str(push, "x", 0);
    item.revents = 0;
    TU_EQ_INT(zmq_poll(&item, 1, TU_TIMEOUT_MS), 1);
    TU_EQ_INT(item.revents, ZMQ_POLLIN);
    /* still there on a second look */
    TU_EQ_INT(zmq_poll(&item, 1, 0), 1);
    TU_EQ_INT(item.revents, ZMQ_POLLIN);

    tu_recv_str(pull, "x", 0);
    TU_EQ_INT(zmq_poll(&item, 1, 0), 0);
    TU_EQ_INT(item.revents, 0);

    /* a PULL never reports POLLOUT even if asked */
    item.events = ZMQ_POLLIN | ZMQ_POLLOUT;
    TU_EQ_INT(zmq_poll(&item, 1, 0), 0);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    check("tcp");
    check("ipc");
    check("inproc");
    return 0;
}
