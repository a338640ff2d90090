/* ZMQ_DONTWAIT (= ZMQ_NOBLOCK): recv with nothing queued and send on a
 * PUSH with no peer fail at once with EAGAIN even when no timeout is set
 * (RCVTIMEO/SNDTIMEO -1); a queued message is returned at once. */
#include "testutil.h"

int main(void)
{
    void *ctx, *push, *pull;
    char ep[256], buf[16];
    int64_t t0;
    int64_t deadline;
    int rc;
    TU_START();

    TU_EQ_INT(ZMQ_NOBLOCK, ZMQ_DONTWAIT);
    ctx = tu_ctx();
    pull = zmq_socket(ctx, ZMQ_PULL);
    push = zmq_socket(ctx, ZMQ_PUSH);
    TU_ASSERT(pull && push);
    tu_set_int(push, ZMQ_LINGER, 0);

    t0 = tu_now_ms();
    TU_ERR(zmq_recv(pull, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);
    TU_ERR(zmq_send(push, "x", 1, ZMQ_DONTWAIT), EAGAIN);
    TU_ASSERT(tu_now_ms() - t0 < TU_PROMPT_MS);

    tu_bind_any(pull, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));
    TU_EQ_INT(zmq_send(push, "now", 3, ZMQ_DONTWAIT), 3);
    /* inproc delivery is immediate, but poll with DONTWAIT until a
     * deadline rather than assume it */
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    while ((rc = zmq_recv(pull, buf, sizeof buf, ZMQ_DONTWAIT)) < 0) {
        TU_EQ_INT(zmq_errno(), EAGAIN);
        TU_ASSERT(tu_now_ms() < deadline);
        tu_sleep_ms(1);
    }
    TU_EQ_INT(rc, 3);
    TU_ERR(zmq_recv(pull, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
