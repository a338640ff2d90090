/* A send blocked in another thread (PUSH with no peer) returns -1 ETERM
 * when the main thread calls zmq_ctx_shutdown. */
#include "testutil.h"
#include <pthread.h>

static void *g_sock;
static volatile int g_started;
static int g_rc, g_errno;

static void *sender(void *arg)
{
    (void)arg;
    g_started = 1;
    g_rc = zmq_send(g_sock, "x", 1, 0);
    g_errno = zmq_errno();
    zmq_close(g_sock);
    return NULL;
}

int main(void)
{
    void *ctx;
    pthread_t t;
    TU_START();

    ctx = tu_ctx();
    g_sock = zmq_socket(ctx, ZMQ_PUSH);
    TU_ASSERT(g_sock != NULL);
    tu_set_int(g_sock, ZMQ_SNDTIMEO, TU_TIMEOUT_MS);
    tu_set_int(g_sock, ZMQ_LINGER, 0);

    TU_EQ_INT(pthread_create(&t, NULL, sender, NULL), 0);
    while (!g_started)
        tu_sleep_ms(1);
    tu_sleep_ms(100);

    TU_OK(zmq_ctx_shutdown(ctx));
    TU_EQ_INT(pthread_join(t, NULL), 0);
    TU_EQ_INT(g_rc, -1);
    TU_EQ_INT(g_errno, ETERM);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
