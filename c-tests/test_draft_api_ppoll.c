/* DRAFT zmq_ppoll: zmq_poll with a signal mask swapped in atomically for
 * the wait only (ppoll/pselect):
 *   - with SIGUSR1 blocked and pending, zmq_ppoll with a mask that lets it
 *     through returns -1 EINTR at once, the handler having run; the
 *     thread's own mask is back afterwards (a new SIGUSR1 stays pending);
 *   - a SIGUSR1 sent by another thread during the wait ends it (EINTR);
 *   - sigmask NULL is zmq_poll: the blocked signal does not interrupt;
 *   - ready items are counted and their revents set as zmq_poll does;
 *   - nitems < 0 is EINVAL, items NULL with nitems > 0 EFAULT. */
#include "testutil.h"
#include <pthread.h>
#include <signal.h>

static volatile sig_atomic_t caught;

static void on_usr1(int sig)
{
    (void)sig;
    caught++;
}

static pthread_t main_thread;

static void *kicker(void *arg)
{
    (void)arg;
    tu_sleep_ms(100);
    pthread_kill(main_thread, SIGUSR1);
    return NULL;
}

int main(void)
{
    void *ctx, *a, *b;
    zmq_pollitem_t item;
    struct sigaction sa;
    sigset_t block, empty, pending;
    pthread_t th;
    char ep[64];
    int64_t t0;
    TU_START();

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    TU_ASSERT(sigaction(SIGUSR1, &sa, NULL) == 0);
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    TU_ASSERT(pthread_sigmask(SIG_BLOCK, &block, NULL) == 0);
    sigemptyset(&empty);
    main_thread = pthread_self();

    ctx = tu_ctx();
    a = tu_socket(ctx, ZMQ_PAIR);
    b = tu_socket(ctx, ZMQ_PAIR);
    TU_OK(zmq_bind(a, tu_inproc_endpoint(ep, sizeof ep)));
    TU_OK(zmq_connect(b, ep));
    memset(&item, 0, sizeof item);
    item.socket = a;
    item.events = ZMQ_POLLIN;

    TU_ERR(zmq_ppoll(&item, -1, 0, &empty), EINVAL);
    TU_ERR(zmq_ppoll(NULL, 1, 0, &empty), EFAULT);
    TU_EQ_INT(zmq_ppoll(NULL, 0, 0, &empty), 0);

    /* Pending while blocked; delivered inside zmq_ppoll. */
    raise(SIGUSR1);
    TU_EQ_INT(caught, 0);
    t0 = tu_now_ms();
    TU_ERR(zmq_ppoll(&item, 1, TU_TIMEOUT_MS, &empty), EINTR);
    TU_ASSERT_MSG(tu_now_ms() - t0 < TU_TIMEOUT_MS / 2, "took %lld ms",
                  (long long)(tu_now_ms() - t0));
    TU_EQ_INT(caught, 1);

    /* The thread's mask is back: a new one stays pending, and a plain
     * zmq_ppoll (NULL mask) is not interrupted by it. */
    raise(SIGUSR1);
    TU_EQ_INT(caught, 1);
    TU_ASSERT(sigpending(&pending) == 0 && sigismember(&pending, SIGUSR1));
    TU_EQ_INT(zmq_ppoll(&item, 1, 50, NULL), 0);
    TU_EQ_INT(caught, 1);
    TU_ERR(zmq_ppoll(&item, 1, TU_TIMEOUT_MS, &empty), EINTR);
    TU_EQ_INT(caught, 2);

    /* A signal from another thread during an unbounded wait. */
    TU_ASSERT(pthread_create(&th, NULL, kicker, NULL) == 0);
    TU_ERR(zmq_ppoll(&item, 1, -1, &empty), EINTR);
    TU_EQ_INT(caught, 3);
    pthread_join(th, NULL);

    /* Ready items, as zmq_poll. */
    tu_send_str(b, "x", 0);
    item.revents = 0;
    TU_EQ_INT(zmq_ppoll(&item, 1, TU_TIMEOUT_MS, &empty), 1);
    TU_EQ_INT(item.revents, ZMQ_POLLIN);
    TU_EQ_INT(zmq_ppoll(&item, 1, 0, NULL), 1);
    tu_recv_str(a, "x", 0);
    TU_EQ_INT(zmq_ppoll(&item, 1, 0, &empty), 0);
    TU_EQ_INT(item.revents, 0);

    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_ctx_term(ctx));
    printf("ppoll: ok\n");
    return 0;
}
