/* zmq_poll with no items sleeps for the timeout and returns 0 (a portable
 * millisecond sleep); with timeout 0 it returns at once.  nitems < 0 is
 * EINVAL. */
#include "testutil.h"

int main(void)
{
    int64_t t0, dt;
    zmq_pollitem_t item;
    TU_START();

    t0 = tu_now_ms();
    TU_EQ_INT(zmq_poll(NULL, 0, 100), 0);
    dt = tu_now_ms() - t0;
    TU_ASSERT_MSG(dt >= 95 && dt < 1000, "slept %lld ms", (long long)dt);

    t0 = tu_now_ms();
    TU_EQ_INT(zmq_poll(NULL, 0, 0), 0);
    dt = tu_now_ms() - t0;
    TU_ASSERT_MSG(dt < TU_PROMPT_MS, "took %lld ms", (long long)dt);

    memset(&item, 0, sizeof item);
    TU_ERR(zmq_poll(&item, -1, 0), EINVAL);
    return 0;
}
