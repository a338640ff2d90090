/* A PUSH connected over ipc reconnects by itself when the binder is closed
 * and a new binder takes the same path. */
#include "testutil.h"

int main(void)
{
    void *ctx, *push, *pull;
    char ep[256];
    int64_t deadline;
    int sent = 0;
    TU_START();

    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_any(pull, "ipc", ep, sizeof ep);
    push = tu_socket(ctx, ZMQ_PUSH);
    tu_set_int(push, ZMQ_RECONNECT_IVL, 20);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "before", 0);
    tu_recv_str(pull, "before", 0);

    TU_OK(zmq_close(pull));
    tu_sleep_ms(50);
    pull = tu_socket(ctx, ZMQ_PULL);
    TU_OK(zmq_bind(pull, ep));

    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    for (;;) {
        if (zmq_send(push, "again", 5, ZMQ_DONTWAIT) == 5)
            sent++;
        if (tu_wait_readable(pull, 20))
            break;
        TU_ASSERT_MSG(tu_now_ms() < deadline, "no reconnect (%d sent)", sent);
    }
    tu_recv_str(pull, "again", 0);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
