/* A signal does not end a blocking call on a thread-safe socket: libzmq's
 * wait there is a condition variable, which signals do not interrupt, so
 * a zmq_recv blocked in a CLIENT while its thread takes a signal (handler
 * installed without SA_RESTART) goes on to its timeout: EAGAIN, not EINTR
 * (a classic socket's call would fail with EINTR). */
#include "testutil.h"
#include <pthread.h>
#include <signal.h>

static volatile sig_atomic_t caught;
static void *client;
static int rc, err;
static int64_t took;

static void on_signal(int sig)
{
    (void)sig;
    caught = 1;
}

static void *receiver(void *arg)
{
    char buf[8];
    int64_t t0 = tu_now_ms();
    (void)arg;
    rc = zmq_recv(client, buf, sizeof buf, 0);
    err = zmq_errno();
    took = tu_now_ms() - t0;
    return NULL;
}

int main(void)
{
    void *ctx;
    char ep[256];
    pthread_t th;
    struct sigaction sa;
    TU_START();
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART */
    TU_ASSERT(sigaction(SIGUSR1, &sa, NULL) == 0);
    ctx = tu_ctx();
    client = tu_socket(ctx, ZMQ_CLIENT);
    tu_set_int(client, ZMQ_RCVTIMEO, 1000);
    TU_OK(zmq_connect(client, tu_inproc_endpoint(ep, sizeof ep)));
    TU_ASSERT(pthread_create(&th, NULL, receiver, NULL) == 0);
    tu_sleep_ms(200);
    TU_ASSERT(pthread_kill(th, SIGUSR1) == 0);
    TU_ASSERT(pthread_join(th, NULL) == 0);
    TU_ASSERT(caught);
    TU_EQ_INT(rc, -1);
    TU_EQ_INT(err, EAGAIN);
    TU_ASSERT_MSG(took >= 900, "returned after %lld ms", (long long)took);
    TU_OK(zmq_close(client));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
