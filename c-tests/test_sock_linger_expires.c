/* ZMQ_LINGER bounds how long zmq_ctx_term waits for undelivered messages:
 * a PUSH connected to a tcp endpoint nobody listens on, with one message
 * queued and LINGER 300, makes zmq_ctx_term wait about 300 ms and then
 * return (the message is discarded); with LINGER 0 it returns at once. */
#include "testutil.h"

static int64_t term_time(int linger)
{
    void *ctx, *push;
    char ep[256];
    int64_t t0;

    tu_free_tcp_endpoint(ep, sizeof ep);
    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    tu_set_int(push, ZMQ_LINGER, linger);
    TU_EQ_INT(tu_get_int(push, ZMQ_LINGER), linger);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "never", 0);
    TU_OK(zmq_close(push));
    t0 = tu_now_ms();
    TU_OK(zmq_ctx_term(ctx));
    return tu_now_ms() - t0;
}

int main(void)
{
    int64_t dt;
    TU_START();

    dt = term_time(300);
    TU_ASSERT_MSG(dt >= 250 && dt < 5000, "LINGER 300: ctx_term took %lld ms",
                  (long long)dt);
    dt = term_time(0);
    TU_ASSERT_MSG(dt < TU_PROMPT_MS, "LINGER 0: ctx_term took %lld ms",
                  (long long)dt);
    return 0;
}
