/* PAIR blocks at the high-water mark, in both directions.  inproc with
 * SNDHWM 1 on the sender and RCVHWM 1 on the receiver: two sends succeed,
 * the third fails with EAGAIN (at once with ZMQ_DONTWAIT, after SNDTIMEO
 * otherwise); once the receiver reads, sending resumes. */
#include "testutil.h"

static void fill(void *snd, void *rcv)
{
    int64_t t0, dt;
    TU_EQ_INT(zmq_send(snd, "1", 1, ZMQ_DONTWAIT), 1);
    TU_EQ_INT(zmq_send(snd, "2", 1, ZMQ_DONTWAIT), 1);
    TU_ERR(zmq_send(snd, "3", 1, ZMQ_DONTWAIT), EAGAIN);
    tu_set_int(snd, ZMQ_SNDTIMEO, 150);
    t0 = tu_now_ms();
    TU_ERR(zmq_send(snd, "3", 1, 0), EAGAIN);
    dt = tu_now_ms() - t0;
    TU_ASSERT_MSG(dt >= 120 && dt < 5000, "blocked %lld ms", (long long)dt);
    tu_set_int(snd, ZMQ_SNDTIMEO, TU_TIMEOUT_MS);
    tu_recv_str(rcv, "1", 0);
    tu_send_str(snd, "3", 0);
    tu_recv_str(rcv, "2", 0);
    tu_recv_str(rcv, "3", 0);
}

int main(void)
{
    void *ctx, *a, *b;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    a = tu_socket(ctx, ZMQ_PAIR);
    b = tu_socket(ctx, ZMQ_PAIR);
    tu_set_int(a, ZMQ_SNDHWM, 1);
    tu_set_int(a, ZMQ_RCVHWM, 1);
    tu_set_int(b, ZMQ_SNDHWM, 1);
    tu_set_int(b, ZMQ_RCVHWM, 1);
    tu_bind_any(a, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(b, ep));

    fill(b, a);
    fill(a, b);

    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
