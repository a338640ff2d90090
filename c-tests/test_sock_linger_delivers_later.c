/* ZMQ_LINGER keeps messages queued at close: a PUSH connects to a tcp
 * endpoint where nobody listens yet, sends two messages and is closed.  A
 * PULL (other context) that binds the endpoint afterwards receives both;
 * zmq_ctx_term of the PUSH's context then returns promptly, without
 * waiting out the linger period: with LINGER 5000, and with the default
 * LINGER -1 (infinite), where it must not hang once all is delivered.
 * zmq_ctx_term runs in a helper thread so that a hang is reported, not
 * waited for. */
#include "testutil.h"
#include <pthread.h>

static volatile int term_done;
static volatile int term_rc;

static void *term_thread(void *ctx)
{
    term_rc = zmq_ctx_term(ctx);
    term_done = 1;
    return NULL;
}

static void run(int linger)
{
    void *ctx_a, *ctx_b, *push, *pull;
    char ep[256];
    int64_t t0, dt;
    pthread_t th;

    tu_free_tcp_endpoint(ep, sizeof ep);
    ctx_a = tu_ctx();
    push = tu_socket(ctx_a, ZMQ_PUSH);
    tu_set_int(push, ZMQ_LINGER, linger);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "late-1", 0);
    tu_send_str(push, "late-2", 0);
    TU_OK(zmq_close(push));

    ctx_b = tu_ctx();
    pull = tu_socket(ctx_b, ZMQ_PULL);
    tu_bind_retry(pull, ep);
    tu_recv_str(pull, "late-1", 0);
    tu_recv_str(pull, "late-2", 0);

    term_done = 0;
    t0 = tu_now_ms();
    TU_ASSERT(pthread_create(&th, NULL, term_thread, ctx_a) == 0);
    while (!term_done && tu_now_ms() - t0 < 4000)
        tu_sleep_ms(5);
    dt = tu_now_ms() - t0;
    TU_ASSERT_MSG(term_done, "LINGER %d: zmq_ctx_term still blocked after "
                             "%lld ms although everything was delivered",
                  linger, (long long)dt);
    TU_ASSERT(pthread_join(th, NULL) == 0);
    TU_EQ_INT(term_rc, 0);

    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx_b));
}

int main(void)
{
    TU_START();
    run(5000);
    run(-1);
    return 0;
}
