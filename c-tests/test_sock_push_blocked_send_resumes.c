/* A PUSH blocked at the high-water mark (inproc, SNDHWM 1 + RCVHWM 1,
 * filled with ZMQ_DONTWAIT sends until EAGAIN) stays blocked in zmq_send
 * until the PULL reads a message in another thread ~200 ms later, then
 * completes successfully (well within its SNDTIMEO); the message is
 * delivered after the queued ones, none lost. */
#include "testutil.h"
#include <pthread.h>

static void *reader(void *pull)
{
    tu_sleep_ms(200);
    tu_recv_str(pull, "m0", 0);
    return NULL;
}

int main(void)
{
    void *ctx, *push, *pull;
    char ep[256], body[16];
    pthread_t th;
    int64_t t0, dt;
    int n = 0, i;
    TU_START();

    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_set_int(push, ZMQ_SNDHWM, 1);
    tu_set_int(pull, ZMQ_RCVHWM, 1);
    tu_bind_any(pull, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));

    for (;;) {
        snprintf(body, sizeof body, "m%d", n);
        if (zmq_send(push, body, strlen(body), ZMQ_DONTWAIT) < 0)
            break;
        TU_ASSERT(++n < 100);
    }
    TU_EQ_INT(zmq_errno(), EAGAIN);
    TU_ASSERT(n >= 1);

    TU_ASSERT(pthread_create(&th, NULL, reader, pull) == 0);
    t0 = tu_now_ms();
    tu_send_str(push, "last", 0);
    dt = tu_now_ms() - t0;
    TU_ASSERT(pthread_join(th, NULL) == 0);
    TU_ASSERT_MSG(dt >= 150 && dt < 5000, "send returned after %lld ms",
                  (long long)dt);

    for (i = 1; i < n; i++) {
        snprintf(body, sizeof body, "m%d", i);
        tu_recv_str(pull, body, 0);
    }
    tu_recv_str(pull, "last", 0);
    TU_ASSERT(!tu_wait_readable(pull, 50));

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
