/* zmq_poll reports ZMQ_POLLOUT on a PUSH once it has a peer (and not while
 * it has none); a PUB, which drops rather than blocks, is always writable.
 * Nothing is reported for events not asked for. */
#include "testutil.h"

int main(void)
{
    void *ctx, *push, *pull, *pub;
    char ep[256];
    zmq_pollitem_t item;
    TU_START();

    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    memset(&item, 0, sizeof item);
    item.socket = push;
    item.events = ZMQ_POLLOUT;
    /* no peer yet */
    TU_EQ_INT(zmq_poll(&item, 1, 50), 0);
    TU_EQ_INT(item.revents, 0);

    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_any(pull, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));
    TU_EQ_INT(zmq_poll(&item, 1, TU_TIMEOUT_MS), 1);
    TU_EQ_INT(item.revents, ZMQ_POLLOUT);

    /* asked only for POLLIN: nothing */
    item.events = ZMQ_POLLIN;
    TU_EQ_INT(zmq_poll(&item, 1, 0), 0);
    TU_EQ_INT(item.revents, 0);

    pub = tu_socket(ctx, ZMQ_PUB);
    item.socket = pub;
    item.events = ZMQ_POLLOUT;
    TU_EQ_INT(zmq_poll(&item, 1, 0), 1);
    TU_EQ_INT(item.revents, ZMQ_POLLOUT);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_close(pub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
