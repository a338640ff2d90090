/* ZMQ_SNDTIMEO: a send on a PUSH with no peer fails with EAGAIN after about
 * the timeout; with 0 it fails at once; a PUB with no peer never blocks
 * (the message is dropped and the send succeeds). */
#include "testutil.h"

int main(void)
{
    void *ctx, *push, *pub;
    int64_t t0, dt;
    zmq_msg_t m;
    TU_START();

    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    pub = tu_socket(ctx, ZMQ_PUB);

    tu_set_int(push, ZMQ_SNDTIMEO, 150);
    t0 = tu_now_ms();
    TU_ERR(zmq_send(push, "x", 1, 0), EAGAIN);
    dt = tu_now_ms() - t0;
    TU_ASSERT_MSG(dt >= 145 && dt < 1500, "150 ms timeout took %lld ms",
                  (long long)dt);

    /* the message survives a failed zmq_msg_send */
    TU_OK(zmq_msg_init_size(&m, 3));
    memcpy(zmq_msg_data(&m), "abc", 3);
    TU_ERR(zmq_msg_send(&m, push, 0), EAGAIN);
    TU_EQ_INT(zmq_msg_size(&m), 3);
    TU_ASSERT(memcmp(zmq_msg_data(&m), "abc", 3) == 0);
    TU_OK(zmq_msg_close(&m));

    tu_set_int(push, ZMQ_SNDTIMEO, 0);
    t0 = tu_now_ms();
    TU_ERR(zmq_send(push, "x", 1, 0), EAGAIN);
    TU_ASSERT(tu_now_ms() - t0 < TU_PROMPT_MS);

    tu_set_int(pub, ZMQ_SNDTIMEO, 150);
    t0 = tu_now_ms();
    TU_EQ_INT(zmq_send(pub, "dropped", 7, 0), 7);
    TU_ASSERT(tu_now_ms() - t0 < TU_PROMPT_MS);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
