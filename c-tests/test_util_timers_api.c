/* zmq_timers_* argument and state checks, as libzmq 4.3 behaves (no waiting
 * on timers here; see test_util_timers_execute.c):
 *   - ids start at 1 and increase, also after a cancel;
 *   - NULL timer set -> -1 (timeout: -1) with EFAULT on every function;
 *     zmq_timers_destroy sets the handle to NULL, so a second destroy sees
 *     NULL -> EFAULT;
 *   - NULL handler -> EFAULT, and uses no id;
 *   - cancel, set_interval, reset of an id that never existed -> EINVAL;
 *   - cancel twice -> EINVAL;
 *   - cancel only marks the timer: until timeout()/execute() walks past it,
 *     reset and set_interval still succeed on it (without reviving it);
 *     once dropped, they fail with EINVAL;
 *   - timeout: -1 with no live timer, else at most the shortest interval;
 *   - execute with nothing due returns 0 and runs nothing. */
#include "testutil.h"

static int calls;

static void handler(int timer_id, void *arg)
{
    (void)timer_id;
    (void)arg;
    calls++;
}

int main(void)
{
    void *timers;
    void *null_timers = NULL;
    int a, b, c, d;
    long t;
    TU_START();

    /* NULL timer set */
    errno = 0;
    TU_ERR(zmq_timers_add(NULL, 10, handler, NULL), EFAULT);
    errno = 0;
    TU_ERR(zmq_timers_cancel(NULL, 1), EFAULT);
    errno = 0;
    TU_ERR(zmq_timers_set_interval(NULL, 1, 10), EFAULT);
    errno = 0;
    TU_ERR(zmq_timers_reset(NULL, 1), EFAULT);
    errno = 0;
    TU_EQ_INT(zmq_timers_timeout(NULL), -1);
    TU_EQ_INT(errno, EFAULT);
    errno = 0;
    TU_ERR(zmq_timers_execute(NULL), EFAULT);
    errno = 0;
    TU_ERR(zmq_timers_destroy(&null_timers), EFAULT);

    timers = TU_PTR(zmq_timers_new());

    /* empty set */
    TU_EQ_INT(zmq_timers_timeout(timers), -1);
    TU_EQ_INT(zmq_timers_execute(timers), 0);
    errno = 0;
    TU_ERR(zmq_timers_cancel(timers, 1), EINVAL);
    errno = 0;
    TU_ERR(zmq_timers_reset(timers, 1), EINVAL);
    errno = 0;
    TU_ERR(zmq_timers_set_interval(timers, 1, 10), EINVAL);

    /* NULL handler: EFAULT, no id used */
    errno = 0;
    TU_ERR(zmq_timers_add(timers, 10, NULL, NULL), EFAULT);

    a = zmq_timers_add(timers, 100000, handler, NULL);
    b = zmq_timers_add(timers, 200000, handler, &b);
    TU_EQ_INT(a, 1);
    TU_EQ_INT(b, 2);

    t = zmq_timers_timeout(timers);
    TU_ASSERT_MSG(t > 90000 && t <= 100000, "timeout %ld", t);
    TU_EQ_INT(zmq_timers_execute(timers), 0);
    TU_EQ_INT(calls, 0);

    /* unknown ids */
    errno = 0;
    TU_ERR(zmq_timers_cancel(timers, 3), EINVAL);
    errno = 0;
    TU_ERR(zmq_timers_cancel(timers, 0), EINVAL);
    errno = 0;
    TU_ERR(zmq_timers_cancel(timers, -1), EINVAL);
    errno = 0;
    TU_ERR(zmq_timers_reset(timers, 3), EINVAL);
    errno = 0;
    TU_ERR(zmq_timers_set_interval(timers, 3, 10), EINVAL);

    /* set_interval / reset change the timeout */
    TU_OK(zmq_timers_set_interval(timers, a, 50000));
    t = zmq_timers_timeout(timers);
    TU_ASSERT_MSG(t > 40000 && t <= 50000, "timeout %ld", t);
    TU_OK(zmq_timers_reset(timers, a));
    t = zmq_timers_timeout(timers);
    TU_ASSERT_MSG(t > 40000 && t <= 50000, "timeout %ld", t);

    /* cancel marks; b (behind a) stays findable until walked past */
    TU_OK(zmq_timers_cancel(timers, b));
    errno = 0;
    TU_ERR(zmq_timers_cancel(timers, b), EINVAL);
    t = zmq_timers_timeout(timers); /* stops at a, the first live timer */
    TU_ASSERT_MSG(t > 40000 && t <= 50000, "timeout %ld", t);
    TU_OK(zmq_timers_reset(timers, b));
    TU_OK(zmq_timers_set_interval(timers, b, 10000)); /* now first, still cancelled */
    errno = 0;
    TU_ERR(zmq_timers_cancel(timers, b), EINVAL);
    t = zmq_timers_timeout(timers); /* drops b, answers for a */
    TU_ASSERT_MSG(t > 40000 && t <= 50000, "timeout %ld", t);
    errno = 0;
    TU_ERR(zmq_timers_reset(timers, b), EINVAL);
    errno = 0;
    TU_ERR(zmq_timers_set_interval(timers, b, 10), EINVAL);
    errno = 0;
    TU_ERR(zmq_timers_cancel(timers, b), EINVAL);

    /* ids keep increasing after cancels */
    c = zmq_timers_add(timers, 300000, handler, NULL);
    TU_EQ_INT(c, 3);

    /* cancelling every timer: timeout -1, execute drops them */
    TU_OK(zmq_timers_cancel(timers, a));
    TU_OK(zmq_timers_cancel(timers, c));
    TU_EQ_INT(zmq_timers_timeout(timers), -1);
    errno = 0;
    TU_ERR(zmq_timers_reset(timers, a), EINVAL);
    errno = 0;
    TU_ERR(zmq_timers_reset(timers, c), EINVAL);

    d = zmq_timers_add(timers, 400000, handler, NULL);
    TU_EQ_INT(d, 4);
    TU_OK(zmq_timers_cancel(timers, d));
    TU_EQ_INT(zmq_timers_execute(timers), 0);
    errno = 0;
    TU_ERR(zmq_timers_reset(timers, d), EINVAL);
    TU_EQ_INT(zmq_timers_timeout(timers), -1);
    TU_EQ_INT(calls, 0);

    /* two sets are independent: ids restart at 1 */
    {
        void *other = TU_PTR(zmq_timers_new());
        TU_ASSERT(other != timers);
        TU_EQ_INT(zmq_timers_add(other, 1000, handler, NULL), 1);
        TU_EQ_INT(zmq_timers_add(timers, 1000, handler, NULL), 5);
        TU_OK(zmq_timers_destroy(&other));
        TU_ASSERT(other == NULL);
    }

    /* destroy with live timers; a second destroy sees NULL */
    TU_OK(zmq_timers_destroy(&timers));
    TU_ASSERT(timers == NULL);
    errno = 0;
    TU_ERR(zmq_timers_destroy(&timers), EFAULT);
    TU_EQ_INT(calls, 0);

    printf("timers api: ok\n");
    return 0;
}
