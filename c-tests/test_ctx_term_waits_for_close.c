/* zmq_ctx_term blocks while sockets are still open and returns once they
 * are closed: a thread closes the context's sockets about 100 ms after the
 * main thread entered zmq_ctx_term. */
#include "testutil.h"
#include <pthread.h>

static void *g_a, *g_b;
static volatile int64_t g_closed_at;

static void *closer(void *arg)
{
    (void)arg;
    tu_sleep_ms(100);
    g_closed_at = tu_now_ms();
    zmq_close(g_a);
    zmq_close(g_b);
    return NULL;
}

int main(void)
{
    void *ctx;
    pthread_t t;
    char ep[256];
    int64_t t0, t1;
    TU_START();

    ctx = tu_ctx();
    g_a = tu_socket(ctx, ZMQ_PAIR);
    g_b = tu_socket(ctx, ZMQ_PAIR);
    tu_bind_any(g_a, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(g_b, ep));

    t0 = tu_now_ms();
    TU_EQ_INT(pthread_create(&t, NULL, closer, NULL), 0);
    TU_OK(zmq_ctx_term(ctx));
    t1 = tu_now_ms();
    TU_EQ_INT(pthread_join(t, NULL), 0);

    TU_ASSERT(g_closed_at != 0);
    TU_ASSERT_MSG(t1 >= g_closed_at, "term returned before the close");
    TU_ASSERT_MSG(t1 - t0 >= 95, "term returned after %lld ms",
                  (long long)(t1 - t0));
    return 0;
}
