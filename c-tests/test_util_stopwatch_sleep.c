/* zmq_stopwatch_* and zmq_sleep, as libzmq 4.3 behaves:
 *   - the stopwatch counts microseconds on a monotonic clock: readings never
 *     go backwards and agree with CLOCK_MONOTONIC around a 100 ms sleep;
 *   - intermediate keeps the watch running; stop returns the elapsed time
 *     (at least the last intermediate) and frees the watch;
 *   - zmq_sleep(n) sleeps n seconds; zmq_sleep(0) returns at once;
 *   - zmq_sleep is sleep(3): a caught signal ends it early. */
#include "testutil.h"

#include <pthread.h>

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
    (void)sig;
    got_usr1 = 1;
}

static void *poke_after_200ms(void *arg)
{
    tu_sleep_ms(200);
    pthread_kill(*(pthread_t *)arg, SIGUSR1);
    return NULL;
}

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int main(void)
{
    void *w;
    unsigned long a, b, c, stop;
    int64_t t0, t1, i;
    TU_START();

    t0 = now_us();
    w = TU_PTR(zmq_stopwatch_start());
    a = zmq_stopwatch_intermediate(w);
    TU_ASSERT_MSG(a < 1000000, "first reading %lu us", a);

    /* never backwards */
    b = a;
    for (i = 0; i < 10000; i++) {
        c = zmq_stopwatch_intermediate(w);
        TU_ASSERT_MSG(c >= b, "went back from %lu to %lu", b, c);
        b = c;
    }

    /* microseconds, monotonic: a 100 ms sleep shows up as ~100000 us */
    a = zmq_stopwatch_intermediate(w);
    tu_sleep_ms(100);
    b = zmq_stopwatch_intermediate(w);
    t1 = now_us();
    TU_ASSERT_MSG(b - a >= 99000, "100 ms sleep measured as %lu us", b - a);
    /* never more than the wall time around the whole measurement */
    TU_ASSERT_MSG((int64_t)b <= t1 - t0 + 1000, "watch %lu us > real %lld us", b,
                  (long long)(t1 - t0));

    stop = zmq_stopwatch_stop(w);
    TU_ASSERT(stop >= b);
    TU_ASSERT_MSG((int64_t)stop <= now_us() - t0 + 1000, "stop %lu us", stop);

    /* a second watch starts from zero again */
    w = TU_PTR(zmq_stopwatch_start());
    a = zmq_stopwatch_stop(w);
    TU_ASSERT_MSG(a < 100000, "fresh watch read %lu us", a);

    /* zmq_sleep */
    t0 = now_us();
    zmq_sleep(0);
    TU_ASSERT_MSG(now_us() - t0 < 500000, "zmq_sleep(0) took %lld us",
                  (long long)(now_us() - t0));

    t0 = now_us();
    zmq_sleep(1);
    t1 = now_us();
    TU_ASSERT_MSG(t1 - t0 >= 990000, "zmq_sleep(1) took %lld us",
                  (long long)(t1 - t0));
    TU_ASSERT_MSG(t1 - t0 < 10000000, "zmq_sleep(1) took %lld us",
                  (long long)(t1 - t0));

    /* a caught signal interrupts zmq_sleep, as it interrupts sleep(3) */
    {
        struct sigaction sa;
        pthread_t self = pthread_self(), poker;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_usr1;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART; /* sleep(3) is interrupted regardless */
        TU_ASSERT(sigaction(SIGUSR1, &sa, NULL) == 0);
        TU_ASSERT(pthread_create(&poker, NULL, poke_after_200ms, &self) == 0);
        t0 = now_us();
        zmq_sleep(20);
        t1 = now_us();
        TU_ASSERT(pthread_join(poker, NULL) == 0);
        TU_ASSERT(got_usr1);
        TU_ASSERT_MSG(t1 - t0 < 10000000, "zmq_sleep(20) ran %lld us despite a signal",
                      (long long)(t1 - t0));
    }

    printf("stopwatch and sleep: ok\n");
    return 0;
}
