/* zmq_timers_execute and the timer schedule, as libzmq 4.3 behaves:
 *   - a timer fires after its interval (not before), with its id and arg,
 *     and fires again every interval until cancelled;
 *   - execute runs every due timer once, in expiry order, however overdue
 *     (no catch-up runs), and re-arms each one interval later;
 *   - reset postpones a timer by a full interval; set_interval reschedules
 *     it with the new interval from now;
 *   - a handler may cancel itself (it then never runs again, and a second
 *     cancel fails with EINVAL), cancel a timer due later in the same
 *     execute (it does not run), move one (set_interval: it does not run),
 *     add a new timer (next id), and call zmq_timers_timeout (0: the running
 *     timer is still due while its handler runs).
 * Timing margins are generous: every "not yet" check has >= 150 ms slack. */
#include "testutil.h"

static void *timers;
static int log_ids[64];
static int nlog;

static void record(int id)
{
    if (nlog < 64)
        log_ids[nlog++] = id;
}

static int count_of(int id)
{
    int i, n = 0;
    for (i = 0; i < nlog; i++)
        n += log_ids[i] == id;
    return n;
}

static int args_ok = 1;

static void plain(int id, void *arg)
{
    if (arg != NULL && *(int *)arg != id)
        args_ok = 0;
    record(id);
}

static int self_cancel_rc = 99;

static void cancel_self(int id, void *arg)
{
    (void)arg;
    record(id);
    self_cancel_rc = zmq_timers_cancel(timers, id);
}

static int victim_id;
static int victim_rc = 99;

static void cancel_victim(int id, void *arg)
{
    (void)arg;
    record(id);
    victim_rc = zmq_timers_cancel(timers, victim_id);
}

static int moved_id;
static int move_rc = 99;

static void move_other(int id, void *arg)
{
    (void)arg;
    record(id);
    move_rc = zmq_timers_set_interval(timers, moved_id, 60000);
}

static int added_id;
static long timeout_in_handler = -99;

static void add_one(int id, void *arg)
{
    (void)arg;
    record(id);
    timeout_in_handler = zmq_timers_timeout(timers);
    if (added_id == 0)
        added_id = zmq_timers_add(timers, 100, plain, NULL);
}

/* Sleep as zmq_timers_timeout says and execute, until `ms` have passed. */
static void drive(int ms)
{
    int64_t end = tu_now_ms() + ms;
    for (;;) {
        int64_t left = end - tu_now_ms();
        long t;
        if (left <= 0)
            break;
        t = zmq_timers_timeout(timers);
        if (t < 0 || t > left)
            t = (long)left;
        tu_sleep_ms((int)t);
        TU_EQ_INT(zmq_timers_execute(timers), 0);
    }
}

int main(void)
{
    int a, b, c, x, y;
    int64_t t0, fired_at;
    long t;
    TU_START();

    timers = TU_PTR(zmq_timers_new());

    /* fires after its interval, with id and arg, not before */
    t0 = tu_now_ms();
    a = TU_OK(zmq_timers_add(timers, 200, plain, &a));
    TU_EQ_INT(zmq_timers_execute(timers), 0);
    TU_EQ_INT(nlog, 0);
    fired_at = 0;
    while (nlog == 0 && tu_now_ms() - t0 < 5000) {
        t = zmq_timers_timeout(timers);
        TU_ASSERT_MSG(t >= 0 && t <= 200, "timeout %ld", t);
        tu_sleep_ms(t > 0 ? (int)t : 1);
        TU_EQ_INT(zmq_timers_execute(timers), 0);
        fired_at = tu_now_ms();
    }
    TU_EQ_INT(nlog, 1);
    TU_EQ_INT(log_ids[0], a);
    TU_ASSERT(args_ok);
    TU_ASSERT_MSG(fired_at - t0 >= 195, "fired after %lld ms",
                  (long long)(fired_at - t0));
    /* re-armed one interval later */
    t = zmq_timers_timeout(timers);
    TU_ASSERT_MSG(t > 0 && t <= 200, "timeout after firing %ld", t);
    drive(500); /* ~2 more runs */
    TU_ASSERT_MSG(count_of(a) >= 2 && count_of(a) <= 4, "ran %d times",
                  count_of(a));
    TU_OK(zmq_timers_cancel(timers, a));
    TU_EQ_INT(zmq_timers_timeout(timers), -1);

    /* overdue timers run once each, in expiry order */
    nlog = 0;
    a = TU_OK(zmq_timers_add(timers, 300, plain, NULL));
    b = TU_OK(zmq_timers_add(timers, 100, plain, NULL));
    c = TU_OK(zmq_timers_add(timers, 200, plain, NULL));
    tu_sleep_ms(700);
    TU_EQ_INT(zmq_timers_timeout(timers), 0);
    TU_EQ_INT(zmq_timers_execute(timers), 0);
    TU_EQ_INT(nlog, 3);
    TU_EQ_INT(log_ids[0], b);
    TU_EQ_INT(log_ids[1], c);
    TU_EQ_INT(log_ids[2], a);
    /* all re-armed from the execute: nothing due right now */
    TU_ASSERT(zmq_timers_timeout(timers) > 0);
    TU_EQ_INT(zmq_timers_execute(timers), 0);
    TU_EQ_INT(nlog, 3);
    TU_OK(zmq_timers_cancel(timers, a));
    TU_OK(zmq_timers_cancel(timers, b));
    TU_OK(zmq_timers_cancel(timers, c));
    TU_EQ_INT(zmq_timers_timeout(timers), -1);

    /* reset postpones by a full interval */
    nlog = 0;
    a = TU_OK(zmq_timers_add(timers, 500, plain, NULL));
    tu_sleep_ms(300);
    TU_OK(zmq_timers_reset(timers, a));
    t = zmq_timers_timeout(timers);
    TU_ASSERT_MSG(t > 300 && t <= 500, "timeout after reset %ld", t);
    tu_sleep_ms(250); /* 550 ms after add, 250 after reset */
    TU_EQ_INT(zmq_timers_execute(timers), 0);
    TU_EQ_INT(nlog, 0);
    drive(1000);
    TU_ASSERT(count_of(a) >= 1);

    /* set_interval: the new interval, from now */
    TU_OK(zmq_timers_set_interval(timers, a, 100000));
    nlog = 0;
    tu_sleep_ms(200);
    TU_EQ_INT(zmq_timers_execute(timers), 0);
    TU_EQ_INT(nlog, 0);
    TU_OK(zmq_timers_set_interval(timers, a, 100));
    t = zmq_timers_timeout(timers);
    TU_ASSERT_MSG(t >= 0 && t <= 100, "timeout after set_interval %ld", t);
    drive(400);
    TU_ASSERT(count_of(a) >= 1);
    TU_OK(zmq_timers_cancel(timers, a));

    /* a handler cancels itself */
    nlog = 0;
    x = TU_OK(zmq_timers_add(timers, 100, cancel_self, NULL));
    drive(600);
    TU_EQ_INT(count_of(x), 1);
    TU_EQ_INT(self_cancel_rc, 0);
    errno = 0;
    TU_ERR(zmq_timers_cancel(timers, x), EINVAL);
    TU_EQ_INT(zmq_timers_timeout(timers), -1);

    /* a handler cancels a timer due later in the same execute */
    nlog = 0;
    x = TU_OK(zmq_timers_add(timers, 100, cancel_victim, NULL));
    victim_id = y = TU_OK(zmq_timers_add(timers, 150, plain, NULL));
    tu_sleep_ms(300); /* both due */
    TU_EQ_INT(zmq_timers_execute(timers), 0);
    TU_EQ_INT(victim_rc, 0);
    TU_EQ_INT(count_of(x), 1);
    TU_EQ_INT(count_of(y), 0);
    errno = 0;
    TU_ERR(zmq_timers_cancel(timers, y), EINVAL);
    TU_OK(zmq_timers_cancel(timers, x));
    TU_EQ_INT(zmq_timers_timeout(timers), -1);

    /* a handler moves a timer due later in the same execute */
    nlog = 0;
    x = TU_OK(zmq_timers_add(timers, 100, move_other, NULL));
    moved_id = y = TU_OK(zmq_timers_add(timers, 150, plain, NULL));
    tu_sleep_ms(300);
    TU_EQ_INT(zmq_timers_execute(timers), 0);
    TU_EQ_INT(move_rc, 0);
    TU_EQ_INT(count_of(x), 1);
    TU_EQ_INT(count_of(y), 0);
    TU_OK(zmq_timers_cancel(timers, x));
    t = zmq_timers_timeout(timers); /* x dropped; y is 60 s away */
    TU_ASSERT_MSG(t > 50000 && t <= 60000, "timeout %ld", t);
    TU_OK(zmq_timers_cancel(timers, y));
    TU_EQ_INT(zmq_timers_timeout(timers), -1);

    /* a handler adds a timer and asks for the timeout */
    nlog = 0;
    x = TU_OK(zmq_timers_add(timers, 100, add_one, NULL));
    tu_sleep_ms(150);
    TU_EQ_INT(zmq_timers_execute(timers), 0);
    TU_EQ_INT(count_of(x), 1);
    TU_EQ_INT(timeout_in_handler, 0);
    TU_EQ_INT(added_id, x + 1);
    TU_OK(zmq_timers_cancel(timers, x));
    drive(400);
    TU_ASSERT(count_of(added_id) >= 1);
    TU_OK(zmq_timers_cancel(timers, added_id));
    TU_EQ_INT(zmq_timers_timeout(timers), -1);

    TU_OK(zmq_timers_destroy(&timers));
    printf("timers execute: ok\n");
    return 0;
}
