/* A DEALER with no peer blocks on send: ZMQ_DONTWAIT gives EAGAIN at once,
 * a blocking send gives EAGAIN after SNDTIMEO, and with SNDTIMEO 0 it fails
 * at once too.  A zmq_msg_send that fails leaves the message with the
 * caller, and it can be sent once a peer is connected. */
#include "testutil.h"

int main(void)
{
    void *ctx, *dealer, *peer;
    char ep[256];
    zmq_msg_t m;
    int64_t t0, dt;
    TU_START();

    ctx = tu_ctx();
    dealer = tu_socket(ctx, ZMQ_DEALER);

    TU_OK(zmq_msg_init_size(&m, 6));
    memcpy(zmq_msg_data(&m), "keepme", 6);

    t0 = tu_now_ms();
    TU_ERR(zmq_msg_send(&m, dealer, ZMQ_DONTWAIT), EAGAIN);
    TU_ASSERT(tu_now_ms() - t0 < TU_PROMPT_MS);
    TU_EQ_INT(zmq_msg_size(&m), 6);
    TU_ASSERT(memcmp(zmq_msg_data(&m), "keepme", 6) == 0);

    tu_set_int(dealer, ZMQ_SNDTIMEO, 0);
    t0 = tu_now_ms();
    TU_ERR(zmq_msg_send(&m, dealer, 0), EAGAIN);
    TU_ASSERT(tu_now_ms() - t0 < TU_PROMPT_MS);

    tu_set_int(dealer, ZMQ_SNDTIMEO, 150);
    t0 = tu_now_ms();
    TU_ERR(zmq_msg_send(&m, dealer, 0), EAGAIN);
    dt = tu_now_ms() - t0;
    TU_ASSERT_MSG(dt >= 120 && dt < 5000, "blocked %lld ms", (long long)dt);
    TU_EQ_INT(zmq_msg_size(&m), 6);

    tu_set_int(dealer, ZMQ_SNDTIMEO, TU_TIMEOUT_MS);
    peer = tu_socket(ctx, ZMQ_DEALER);
    tu_bind_any(peer, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(dealer, ep));
    TU_EQ_INT(zmq_msg_send(&m, dealer, 0), 6);
    TU_OK(zmq_msg_close(&m));
    tu_recv_str(peer, "keepme", 0);

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(peer));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
