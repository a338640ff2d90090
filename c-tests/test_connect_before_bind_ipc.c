/* ipc: connecting to a path nobody listens on yet succeeds; once a peer
 * binds the path the connection is made (reconnect) and messages queued
 * before the bind are delivered. */
#include "testutil.h"

int main(void)
{
    void *ctx, *push, *pull;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    tu_ipc_endpoint(ep, sizeof ep);
    push = tu_socket(ctx, ZMQ_PUSH);
    tu_set_int(push, ZMQ_RECONNECT_IVL, 20);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "queued before bind", 0);

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
