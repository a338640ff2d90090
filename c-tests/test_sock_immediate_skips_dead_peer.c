/* A PUSH connected to a dead endpoint (nobody listening) and to a live
 * PULL over tcp, the dead one first:
 *   IMMEDIATE 1: only completed connections get a queue, so all 10
 *   messages go to the live PULL;
 *   IMMEDIATE 0: the dead endpoint has a queue too and round-robin puts
 *   every other message there, so the live PULL gets exactly 5. */
#include "testutil.h"

static void run(int immediate, int expect)
{
    void *ctx, *push, *pull;
    char dead[256], live[256], buf[16];
    int i;
    int64_t deadline;

    tu_free_tcp_endpoint(dead, sizeof dead);
    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_any(pull, "tcp", live, sizeof live);
    push = tu_socket(ctx, ZMQ_PUSH);
    tu_set_int(push, ZMQ_IMMEDIATE, immediate);
    TU_OK(zmq_connect(push, dead));
    TU_OK(zmq_connect(push, live));

    /* wait until the live connection is complete */
    if (immediate) {
        deadline = tu_now_ms() + TU_TIMEOUT_MS;
        while (!(tu_get_int(push, ZMQ_EVENTS) & ZMQ_POLLOUT)) {
            TU_ASSERT_MSG(tu_now_ms() < deadline, "live peer never up");
            tu_sleep_ms(2);
        }
    }

    for (i = 0; i < 10; i++) {
        snprintf(buf, sizeof buf, "m%d", i);
        tu_send_str(push, buf, ZMQ_DONTWAIT);
    }
    for (i = 0; i < expect; i++) {
        snprintf(buf, sizeof buf, "m%d", immediate ? i : 2 * i + 1);
        tu_recv_str(pull, buf, 0);
    }
    TU_ASSERT(!tu_wait_readable(pull, 200));

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    run(1, 10);
    run(0, 5);
    return 0;
}
