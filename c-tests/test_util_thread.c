/* zmq_threadstart / zmq_threadclose, as libzmq 4.3 behaves:
 *   - the function runs once, in a new thread, with the argument given;
 *   - zmq_threadclose waits for the function to return;
 *   - the thread is named "ZMQapp" (libzmq's thread_t name for app threads);
 *   - every blockable signal is blocked in the thread (libzmq's
 *     thread_routine), while the caller's signal mask is left alone;
 *   - the thread has the default pthread stack size (a plain pthread);
 *   - several threads run at the same time. */
#define _GNU_SOURCE
#include "testutil.h"

#include <pthread.h>
#include <sys/prctl.h>

struct probe {
    void *self_arg;
    pthread_t caller;
    pthread_t me;
    char name[32];
    sigset_t mask;
    size_t stack;
    volatile int done;
    int runs;
};

static size_t stack_size_of_self(void)
{
    pthread_attr_t attr;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) != 0)
        return 0;
    pthread_attr_getstacksize(&attr, &size);
    pthread_attr_destroy(&attr);
    return size;
}

static void probe_fn(void *arg)
{
    struct probe *p = (struct probe *)arg;
    p->self_arg = arg;
    p->runs++;
    p->me = pthread_self();
    prctl(PR_GET_NAME, p->name, 0, 0, 0);
    pthread_sigmask(SIG_BLOCK, NULL, &p->mask);
    p->stack = stack_size_of_self();
    tu_sleep_ms(200); /* threadclose must wait for this */
    p->done = 1;
}

static void *plain_pthread(void *arg)
{
    *(size_t *)arg = stack_size_of_self();
    return NULL;
}

/* Two threads that can only both see the other's flag if they run at the
 * same time (each waits for the other, up to a deadline). */
static volatile int flag_a, flag_b, met_a, met_b;

static void meet_a(void *arg)
{
    int64_t deadline = tu_now_ms() + 10000;
    (void)arg;
    flag_a = 1;
    while (!flag_b && tu_now_ms() < deadline)
        tu_sleep_ms(1);
    met_a = flag_b;
}

static void meet_b(void *arg)
{
    int64_t deadline = tu_now_ms() + 10000;
    (void)arg;
    flag_b = 1;
    while (!flag_a && tu_now_ms() < deadline)
        tu_sleep_ms(1);
    met_b = flag_a;
}

int main(void)
{
    struct probe p;
    void *t;
    sigset_t before, after;
    char main_name[32] = "";
    size_t plain_stack = 0;
    pthread_t pt;
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGALRM,
                        SIGPIPE, SIGCHLD, SIGQUIT, SIGSEGV};
    unsigned k;
    int64_t t0;
    TU_START();

    memset(&p, 0, sizeof p);
    p.caller = pthread_self();
    pthread_sigmask(SIG_BLOCK, NULL, &before);
    prctl(PR_GET_NAME, main_name, 0, 0, 0);

    t0 = tu_now_ms();
    t = TU_PTR(zmq_threadstart(probe_fn, &p));
    zmq_threadclose(t);
    TU_ASSERT_MSG(p.done == 1, "zmq_threadclose returned before the function");
    TU_ASSERT(tu_now_ms() - t0 >= 190);
    TU_EQ_INT(p.runs, 1);
    TU_ASSERT(p.self_arg == &p);
    TU_ASSERT(!pthread_equal(p.me, p.caller));

    TU_EQ_STR(p.name, "ZMQapp");

    for (k = 0; k < sizeof sigs / sizeof sigs[0]; k++)
        TU_ASSERT_MSG(sigismember(&p.mask, sigs[k]) == 1,
                      "signal %d not blocked in the thread", sigs[k]);

    /* the caller is untouched */
    pthread_sigmask(SIG_BLOCK, NULL, &after);
    for (k = 0; k < sizeof sigs / sizeof sigs[0]; k++)
        TU_EQ_INT(sigismember(&after, sigs[k]), sigismember(&before, sigs[k]));
    {
        char now_name[32] = "";
        prctl(PR_GET_NAME, now_name, 0, 0, 0);
        TU_EQ_STR(now_name, main_name);
    }

    /* default pthread stack */
    TU_ASSERT(pthread_create(&pt, NULL, plain_pthread, &plain_stack) == 0);
    TU_ASSERT(pthread_join(pt, NULL) == 0);
    TU_ASSERT(plain_stack > 0);
    TU_EQ_INT(p.stack, plain_stack);

    /* concurrency */
    {
        void *a = TU_PTR(zmq_threadstart(meet_a, NULL));
        void *b = TU_PTR(zmq_threadstart(meet_b, NULL));
        TU_ASSERT(a != b);
        zmq_threadclose(a);
        zmq_threadclose(b);
        TU_ASSERT(met_a && met_b);
    }

    printf("threads: ok\n");
    return 0;
}
