/* zmq_atomic_counter_*, as libzmq 4.3 behaves:
 *   - a new counter is 0; set stores any int;
 *   - inc returns the value before the increment, and wraps at INT_MAX;
 *   - dec returns 0 when the counter reaches exactly 0, else 1 (libzmq's
 *     counter is an unsigned 32-bit integer, so 0 -> -1 returns 1, as does
 *     any other non-zero result, negative ones included);
 *   - destroy frees it and sets the handle to NULL;
 *   - inc and dec are atomic: 4 threads (zmq_threadstart) x 200000 inc, then
 *     x 200000 dec, lose nothing, and exactly one dec sees zero. */
#include "testutil.h"

#define THREADS 4
#define ROUNDS 200000

static void *shared_counter;
static int zero_seen[THREADS];

static void incrementer(void *arg)
{
    int i;
    (void)arg;
    for (i = 0; i < ROUNDS; i++)
        zmq_atomic_counter_inc(shared_counter);
}

static void decrementer(void *arg)
{
    int idx = (int)(intptr_t)arg;
    int i;
    for (i = 0; i < ROUNDS; i++)
        if (zmq_atomic_counter_dec(shared_counter) == 0)
            zero_seen[idx]++;
}

int main(void)
{
    void *c;
    void *threads[THREADS];
    int i, zeros;
    TU_START();

    c = TU_PTR(zmq_atomic_counter_new());
    TU_EQ_INT(zmq_atomic_counter_value(c), 0);

    TU_EQ_INT(zmq_atomic_counter_inc(c), 0);
    TU_EQ_INT(zmq_atomic_counter_inc(c), 1);
    TU_EQ_INT(zmq_atomic_counter_value(c), 2);

    TU_EQ_INT(zmq_atomic_counter_dec(c), 1); /* 2 -> 1 */
    TU_EQ_INT(zmq_atomic_counter_value(c), 1);
    TU_EQ_INT(zmq_atomic_counter_dec(c), 0); /* 1 -> 0 */
    TU_EQ_INT(zmq_atomic_counter_value(c), 0);

    /* below zero: the result is non-zero, so dec returns 1 */
    TU_EQ_INT(zmq_atomic_counter_dec(c), 1); /* 0 -> -1 */
    TU_EQ_INT(zmq_atomic_counter_value(c), -1);
    TU_EQ_INT(zmq_atomic_counter_inc(c), -1); /* -1 -> 0 */
    TU_EQ_INT(zmq_atomic_counter_value(c), 0);

    zmq_atomic_counter_set(c, -5);
    TU_EQ_INT(zmq_atomic_counter_value(c), -5);
    TU_EQ_INT(zmq_atomic_counter_dec(c), 1);
    TU_EQ_INT(zmq_atomic_counter_value(c), -6);

    zmq_atomic_counter_set(c, 42);
    TU_EQ_INT(zmq_atomic_counter_value(c), 42);
    TU_EQ_INT(zmq_atomic_counter_inc(c), 42);
    TU_EQ_INT(zmq_atomic_counter_value(c), 43);

    /* wraps at INT_MAX */
    zmq_atomic_counter_set(c, INT_MAX);
    TU_EQ_INT(zmq_atomic_counter_inc(c), INT_MAX);
    TU_EQ_INT(zmq_atomic_counter_value(c), INT_MIN);
    TU_EQ_INT(zmq_atomic_counter_dec(c), 1);
    TU_EQ_INT(zmq_atomic_counter_value(c), INT_MAX);

    /* two counters are independent */
    {
        void *d = TU_PTR(zmq_atomic_counter_new());
        TU_ASSERT(d != c);
        TU_EQ_INT(zmq_atomic_counter_value(d), 0);
        zmq_atomic_counter_set(d, 7);
        TU_EQ_INT(zmq_atomic_counter_value(c), INT_MAX);
        zmq_atomic_counter_destroy(&d);
        TU_ASSERT(d == NULL);
    }

    zmq_atomic_counter_destroy(&c);
    TU_ASSERT(c == NULL);

    /* atomicity under contention */
    shared_counter = TU_PTR(zmq_atomic_counter_new());
    for (i = 0; i < THREADS; i++)
        threads[i] = TU_PTR(zmq_threadstart(incrementer, NULL));
    for (i = 0; i < THREADS; i++)
        zmq_threadclose(threads[i]);
    TU_EQ_INT(zmq_atomic_counter_value(shared_counter), THREADS * ROUNDS);

    for (i = 0; i < THREADS; i++)
        threads[i] = TU_PTR(zmq_threadstart(decrementer, (void *)(intptr_t)i));
    for (i = 0; i < THREADS; i++)
        zmq_threadclose(threads[i]);
    TU_EQ_INT(zmq_atomic_counter_value(shared_counter), 0);
    zeros = 0;
    for (i = 0; i < THREADS; i++)
        zeros += zero_seen[i];
    TU_EQ_INT(zeros, 1);

    zmq_atomic_counter_destroy(&shared_counter);
    TU_ASSERT(shared_counter == NULL);

    printf("atomic counter: ok\n");
    return 0;
}
