/* PUB drops at the high-water mark instead of blocking: with PUB SNDHWM 1
 * and SUB RCVHWM 1 over inproc (queue of 2), 100 sends all succeed at once,
 * even without ZMQ_DONTWAIT, and the SUB receives exactly the first two.
 * Multipart messages are dropped whole: of 10 three-frame messages exactly
 * the first two arrive complete. */
#include "testutil.h"

/* Deliver one message end to end (the subscription has reached the PUB),
 * then empty the SUB and make the PUB process the SUB's read credits, so
 * that the PUB sees an empty queue. */
static void sync_up(void *pub, void *sub)
{
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    char buf[16];
    for (;;) {
        TU_EQ_INT(zmq_send(pub, "sync", 4, ZMQ_DONTWAIT), 4);
        if (zmq_recv(sub, buf, sizeof buf, ZMQ_DONTWAIT) >= 0)
            break;
        TU_ASSERT_MSG(tu_now_ms() < deadline, "subscription never arrived");
        tu_sleep_ms(1);
    }
    tu_drain(sub);
    (void)tu_get_int(pub, ZMQ_EVENTS);
}

int main(void)
{
    void *ctx, *pub, *sub;
    char ep[256], body[16];
    int i;
    int64_t t0;
    TU_START();

    ctx = tu_ctx();
    pub = tu_socket(ctx, ZMQ_PUB);
    sub = tu_socket(ctx, ZMQ_SUB);
    tu_set_int(pub, ZMQ_SNDHWM, 1);
    tu_set_int(pub, ZMQ_SNDTIMEO, -1);
    tu_set_int(sub, ZMQ_RCVHWM, 1);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0));
    tu_bind_any(pub, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(sub, ep));
    sync_up(pub, sub);

    t0 = tu_now_ms();
    for (i = 0; i < 100; i++) {
        snprintf(body, sizeof body, "m%d", i);
        tu_send_str(pub, body, 0);
    }
    TU_ASSERT(tu_now_ms() - t0 < TU_PROMPT_MS);
    tu_recv_str(sub, "m0", 0);
    tu_recv_str(sub, "m1", 0);
    TU_ASSERT(!tu_wait_readable(sub, 100));

    sync_up(pub, sub);
    for (i = 0; i < 10; i++) {
        snprintf(body, sizeof body, "p%d", i);
        tu_send_str(pub, body, ZMQ_SNDMORE);
        tu_send_str(pub, "b", ZMQ_SNDMORE);
        tu_send_str(pub, "c", 0);
    }
    for (i = 0; i < 2; i++) {
        snprintf(body, sizeof body, "p%d", i);
        tu_recv_str(sub, body, 1);
        tu_recv_str(sub, "b", 1);
        tu_recv_str(sub, "c", 0);
    }
    TU_ASSERT(!tu_wait_readable(sub, 100));

    TU_OK(zmq_close(pub));
    TU_OK(zmq_close(sub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
