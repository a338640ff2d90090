/* zmq_poll timeout values: -1 with an item already ready returns at once;
 * 0 returns at once whether or not anything is ready; N ms with nothing
 * ready returns 0 after about N ms (>= N-5, < 10N). */
#include "testutil.h"

static void timed(zmq_pollitem_t *item, long timeout, int want_rc,
                  int64_t min_ms, int64_t max_ms)
{
    int64_t t0 = tu_now_ms(), dt;
    int rc = zmq_poll(item, 1, timeout);
    dt = tu_now_ms() - t0;
    TU_ASSERT_MSG(rc == want_rc, "timeout %ld: rc %d, want %d", timeout, rc,
                  want_rc);
    TU_ASSERT_MSG(dt >= min_ms && dt < max_ms,
                  "timeout %ld took %lld ms, want [%lld, %lld)", timeout,
                  (long long)dt, (long long)min_ms, (long long)max_ms);
}

int main(void)
{
    void *ctx, *push, *pull;
    char ep[256];
    zmq_pollitem_t item;
    TU_START();

    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_any(pull, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));

    memset(&item, 0, sizeof item);
    item.socket = pull;
    item.events = ZMQ_POLLIN;

    /* nothing ready */
    timed(&item, 0, 0, 0, TU_PROMPT_MS);
    timed(&item, 100, 0, 95, 1000);
    timed(&item, 50, 0, 45, 500);

    /* something ready */
    tu_send_str(push, "ready", 0);
    timed(&item, -1, 1, 0, TU_PROMPT_MS);
    timed(&item, 0, 1, 0, TU_PROMPT_MS);
    timed(&item, 1000, 1, 0, TU_PROMPT_MS);
    TU_EQ_INT(item.revents, ZMQ_POLLIN);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
