/* tcp: connecting to a port nobody listens on yet succeeds; once a peer
 * binds that port the connection is made (reconnect) and messages queued
 * before the bind are delivered.  The port is found by binding an
 * ephemeral one in a private context and terminating that context. */
#include "testutil.h"

int main(void)
{
    void *ctx, *push, *pull;
    char ep[256];
    TU_START();

    tu_free_tcp_endpoint(ep, sizeof ep);
    ctx = tu_ctx();

    push = tu_socket(ctx, ZMQ_PUSH);
    tu_set_int(push, ZMQ_RECONNECT_IVL, 20);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "queued before bind", 0);

    tu_sleep_ms(50); /* let a connect attempt or two be refused */
    pull = tu_socket(ctx, ZMQ_PULL);
    TU_OK(zmq_bind(pull, ep));
    tu_recv_str(pull, "queued before bind", 0);
    tu_send_str(push, "after", 0);
    tu_recv_str(pull, "after", 0);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
