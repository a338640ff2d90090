/* zmq_ctx_term in the main thread makes a recv blocked in another thread
 * return -1 ETERM; once that thread closes its socket, zmq_ctx_term
 * returns 0. */
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
    TU_START();

    ctx = tu_ctx();
    g_sock = zmq_socket(ctx, ZMQ_SUB);
    TU_ASSERT(g_sock != NULL);
    tu_set_int(g_sock, ZMQ_RCVTIMEO, TU_TIMEOUT_MS);
    TU_OK(zmq_setsockopt(g_sock, ZMQ_SUBSCRIBE, "", 0));
    tu_bind_any(g_sock, "inproc", ep, sizeof ep);

    TU_EQ_INT(pthread_create(&t, NULL, receiver, NULL), 0);
    while (!g_started)
        tu_sleep_ms(1);
    tu_sleep_ms(100);

    TU_OK(zmq_ctx_term(ctx));
    TU_EQ_INT(pthread_join(t, NULL), 0);
    TU_EQ_INT(g_rc, -1);
    TU_EQ_INT(g_errno, ETERM);
    return 0;
}
