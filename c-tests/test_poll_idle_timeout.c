/* zmq_poll on idle sockets returns 0 after the timeout with every revents
 * cleared (even if revents held garbage on entry), after roughly the
 * timeout: at least timeout-5 ms, and well under 10x. */
#include "testutil.h"

int main(void)
{
    void *ctx, *pull, *sub;
    zmq_pollitem_t items[2];
    int64_t t0, dt;
    TU_START();

    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    sub = tu_socket(ctx, ZMQ_SUB);
    TU_OK(zmq_bind(pull, "tcp://127.0.0.1:*"));
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0));

    memset(items, 0, sizeof items);
    items[0].socket = pull;
    items[0].events = ZMQ_POLLIN;
    items[0].revents = 0x7f;
    items[1].socket = sub;
    items[1].events = ZMQ_POLLIN;
    items[1].revents = 0x7f;

    t0 = tu_now_ms();
    TU_EQ_INT(zmq_poll(items, 2, 200), 0);
    dt = tu_now_ms() - t0;
    TU_EQ_INT(items[0].revents, 0);
    TU_EQ_INT(items[1].revents, 0);
    TU_ASSERT_MSG(dt >= 195 && dt < 2000, "200 ms poll took %lld ms",
                  (long long)dt);

    TU_OK(zmq_close(pull));
    TU_OK(zmq_close(sub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
