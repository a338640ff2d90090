/* A recv blocked in another thread returns -1 ETERM when the main thread
 * calls zmq_ctx_shutdown; the thread then closes its socket and
 * zmq_ctx_term returns. */
#include "testutil.h"
#include <pthread.h>

static void *g_sock;
static volatile int g_started;
static int g_rc, g_errno;

static void *receiver(void *arg)
{
    char buf[16];
    (void)arg;
    g_started = 1;
    g_rc = zmq_recv(g_sock, buf, sizeof buf, 0);
    g_errno = zmq_errno();
    zmq_close(g_sock);
    return NULL;
}

int main(void)
{
    void *ctx;
    pthread_t t;
    char ep[256];
    int64_t t0;
    TU_START();

    ctx = tu_ctx();
    g_sock = zmq_socket(ctx, ZMQ_PULL);
    TU_ASSERT(g_sock != NULL);
    /* bounded, so a missing ETERM shows up as EAGAIN instead of a hang */
    tu_set_int(g_sock, ZMQ_RCVTIMEO, TU_TIMEOUT_MS);
    tu_bind_any(g_sock, "tcp", ep, sizeof ep);

    TU_EQ_INT(pthread_create(&t, NULL, receiver, NULL), 0);
    while (!g_started)
        tu_sleep_ms(1);
    tu_sleep_ms(100); /* let it block inside zmq_recv */

    t0 = tu_now_ms();
    TU_OK(zmq_ctx_shutdown(ctx));
    TU_EQ_INT(pthread_join(t, NULL), 0);
    TU_EQ_INT(g_rc, -1);
    TU_EQ_INT(g_errno, ETERM);
    TU_ASSERT_MSG(tu_now_ms() - t0 < TU_TIMEOUT_MS / 2,
                  "recv returned only after %lld ms",
                  (long long)(tu_now_ms() - t0));

    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
