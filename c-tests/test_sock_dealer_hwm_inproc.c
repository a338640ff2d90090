/* DEALER blocks at the high-water mark.  Over inproc the queue between two
 * sockets holds SNDHWM of the sender + RCVHWM of the receiver messages:
 * with 1 and 1, exactly two sends with ZMQ_DONTWAIT succeed, the third is
 * EAGAIN (also with the peer bound or connecting); a blocking send times
 * out with EAGAIN after SNDTIMEO; after the receiver reads one message a
 * blocking send goes through. */
#include "testutil.h"

static void run(int sender_binds)
{
    void *ctx, *snd, *rcv;
    char ep[256];
    int n = 0;
    int64_t t0, dt;

    ctx = tu_ctx();
    snd = tu_socket(ctx, ZMQ_DEALER);
    rcv = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(snd, ZMQ_SNDHWM, 1);
    tu_set_int(rcv, ZMQ_RCVHWM, 1);
    if (sender_binds) {
        tu_bind_any(snd, "inproc", ep, sizeof ep);
        TU_OK(zmq_connect(rcv, ep));
    } else {
        tu_bind_any(rcv, "inproc", ep, sizeof ep);
        TU_OK(zmq_connect(snd, ep));
    }

    while (n < 100 && zmq_send(snd, "m", 1, ZMQ_DONTWAIT) == 1)
        n++;
    TU_EQ_INT(zmq_errno(), EAGAIN);
    TU_EQ_INT(n, 2);

    tu_set_int(snd, ZMQ_SNDTIMEO, 150);
    t0 = tu_now_ms();
    TU_ERR(zmq_send(snd, "m", 1, 0), EAGAIN);
    dt = tu_now_ms() - t0;
    TU_ASSERT_MSG(dt >= 120 && dt < 5000, "blocked %lld ms", (long long)dt);

    tu_recv_str(rcv, "m", 0);
    tu_set_int(snd, ZMQ_SNDTIMEO, TU_TIMEOUT_MS);
    tu_send_str(snd, "last", 0);
    tu_recv_str(rcv, "m", 0);
    tu_recv_str(rcv, "last", 0);
    TU_ERR(zmq_recv(rcv, ep, sizeof ep, ZMQ_DONTWAIT), EAGAIN);

    TU_OK(zmq_close(snd));
    TU_OK(zmq_close(rcv));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    run(0);
    run(1);
    return 0;
}
