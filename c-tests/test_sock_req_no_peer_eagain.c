/* A REQ with no peer cannot send: ZMQ_DONTWAIT fails at once with EAGAIN,
 * a send with SNDTIMEO fails with EAGAIN after about the timeout, and the
 * failed send does not change the REQ's state (recv is still EFSM, and
 * once a REP is connected the next send works normally). */
#include "testutil.h"

int main(void)
{
    void *ctx, *req, *rep;
    char ep[256], buf[16];
    int64_t t0, dt;
    TU_START();

    ctx = tu_ctx();
    req = tu_socket(ctx, ZMQ_REQ);

    t0 = tu_now_ms();
    TU_ERR(zmq_send(req, "x", 1, ZMQ_DONTWAIT), EAGAIN);
    TU_ASSERT(tu_now_ms() - t0 < TU_PROMPT_MS);

    tu_set_int(req, ZMQ_SNDTIMEO, 150);
    t0 = tu_now_ms();
    TU_ERR(zmq_send(req, "x", 1, 0), EAGAIN);
    dt = tu_now_ms() - t0;
    TU_ASSERT_MSG(dt >= 120 && dt < 5000, "blocked %lld ms", (long long)dt);

    TU_ERR(zmq_recv(req, buf, sizeof buf, ZMQ_DONTWAIT), EFSM);

    tu_set_int(req, ZMQ_SNDTIMEO, TU_TIMEOUT_MS);
    rep = tu_socket(ctx, ZMQ_REP);
    tu_bind_any(rep, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(req, ep));
    tu_send_str(req, "hello", 0);
    tu_recv_str(rep, "hello", 0);
    tu_send_str(rep, "world", 0);
    tu_recv_str(req, "world", 0);

    TU_OK(zmq_close(req));
    TU_OK(zmq_close(rep));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
