/* PUSH round-robins whole messages: with two PULLs connected to a bound
 * PUSH over inproc, successive three-frame messages alternate between them
 * (the first to the first connected PULL) and a message's frames never
 * split across PULLs. */
#include "testutil.h"

int main(void)
{
    void *ctx, *push, *pull[2];
    char ep[256], body[16];
    int i, k;
    TU_START();

    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    tu_bind_any(push, "inproc", ep, sizeof ep);
    for (i = 0; i < 2; i++) {
        pull[i] = tu_socket(ctx, ZMQ_PULL);
        TU_OK(zmq_connect(pull[i], ep));
    }

    for (k = 0; k < 6; k++) {
        snprintf(body, sizeof body, "m%d", k);
        tu_send_str(push, body, ZMQ_SNDMORE);
        tu_send_str(push, "mid", ZMQ_SNDMORE);
        tu_send_str(push, "end", 0);
    }
    for (k = 0; k < 6; k++) {
        snprintf(body, sizeof body, "m%d", k);
        tu_recv_str(pull[k % 2], body, 1);
        tu_recv_str(pull[k % 2], "mid", 1);
        tu_recv_str(pull[k % 2], "end", 0);
    }
    for (i = 0; i < 2; i++)
        TU_ASSERT(!tu_wait_readable(pull[i], 50));

    TU_OK(zmq_close(push));
    for (i = 0; i < 2; i++)
        TU_OK(zmq_close(pull[i]));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
