/* PUSH/PULL over inproc: 100 messages from a PUSH arrive at the PULL complete
 * and in order, with PULL binding; then with PUSH binding. */
#include "testutil.h"

static void pipeline(void *push, void *pull)
{
    int i;
    for (i = 0; i < 100; i++) {
        char m[32];
        snprintf(m, sizeof m, "task %d", i);
        tu_send_str(push, m, 0);
    }
    for (i = 0; i < 100; i++) {
        char m[32];
        snprintf(m, sizeof m, "task %d", i);
        tu_recv_str(pull, m, 0);
    }
    /* nothing else is queued */
    {
        char buf[8];
        TU_ERR(zmq_recv(pull, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);
    }
}

int main(void)
{
    void *ctx, *push, *pull;
    char ep[256];
    TU_START();

    ctx = tu_ctx();

    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_any(pull, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));
    pipeline(push, pull);
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));

    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_any(push, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(pull, ep));
    pipeline(push, pull);
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));

    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
