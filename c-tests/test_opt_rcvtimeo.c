/* ZMQ_RCVTIMEO: a recv with nothing to receive fails with EAGAIN after
 * about the timeout (>= T-5 ms, well under 10T); 0 means return at once;
 * the zmq_msg_recv form honours it too; a message that arrives within the
 * timeout is received. */
#include "testutil.h"

int main(void)
{
    void *ctx, *push, *pull;
    char ep[256], buf[16];
    int64_t t0, dt;
    zmq_msg_t m;
    TU_START();

    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    push = tu_socket(ctx, ZMQ_PUSH);
    tu_bind_any(pull, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));

    tu_set_int(pull, ZMQ_RCVTIMEO, 150);
    t0 = tu_now_ms();
    TU_ERR(zmq_recv(pull, buf, sizeof buf, 0), EAGAIN);
    dt = tu_now_ms() - t0;
    TU_ASSERT_MSG(dt >= 145 && dt < 1500, "150 ms timeout took %lld ms",
                  (long long)dt);

    TU_OK(zmq_msg_init(&m));
    t0 = tu_now_ms();
    TU_ERR(zmq_msg_recv(&m, pull, 0), EAGAIN);
    dt = tu_now_ms() - t0;
    TU_ASSERT_MSG(dt >= 145 && dt < 1500, "msg_recv took %lld ms",
                  (long long)dt);
    TU_OK(zmq_msg_close(&m));

    tu_set_int(pull, ZMQ_RCVTIMEO, 0);
    t0 = tu_now_ms();
    TU_ERR(zmq_recv(pull, buf, sizeof buf, 0), EAGAIN);
    TU_ASSERT(tu_now_ms() - t0 < TU_PROMPT_MS);

    tu_set_int(pull, ZMQ_RCVTIMEO, TU_TIMEOUT_MS);
    tu_send_str(push, "in time", 0);
    tu_recv_str(pull, "in time", 0);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
