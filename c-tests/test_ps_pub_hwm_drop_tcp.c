/* PUB at its high-water mark drops instead of blocking, over tcp: with
 * SNDHWM 5 on the PUB and RCVHWM 5 on a SUB that is not reading, 20000
 * 1 KiB messages (far more than socket buffers hold) are all accepted by
 * zmq_send at once, even without ZMQ_DONTWAIT, and the SUB afterwards
 * receives fewer than were sent, in order (each a later message than the
 * one before), the last one included or not. */
#include "testutil.h"

#define COUNT 20000
#define SIZE 1024

int main(void)
{
    void *ctx, *pub, *sub;
    char ep[256];
    static char buf[SIZE];
    int i, got = 0, last = -1, rc;
    int64_t t0;
    TU_START();

    ctx = tu_ctx();
    pub = tu_socket(ctx, ZMQ_PUB);
    sub = tu_socket(ctx, ZMQ_SUB);
    tu_set_int(pub, ZMQ_SNDHWM, 5);
    tu_set_int(sub, ZMQ_RCVHWM, 5);
    tu_bind_any(pub, "tcp", ep, sizeof ep);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0));
    TU_OK(zmq_connect(sub, ep));
    tu_sync_pubsub(pub, sub, "sync");

    memset(buf, 'x', sizeof buf);
    t0 = tu_now_ms();
    for (i = 0; i < COUNT; i++) {
        memcpy(buf, &i, sizeof i);
        TU_EQ_INT(zmq_send(pub, buf, SIZE, 0), SIZE);
    }
    TU_ASSERT_MSG(tu_now_ms() - t0 < 8000, "sends took %d ms",
                  (int)(tu_now_ms() - t0));

    /* read until nothing more arrives for a while */
    while (tu_wait_readable(sub, 500)) {
        int v;
        rc = zmq_recv(sub, buf, SIZE, 0);
        TU_EQ_INT(rc, SIZE);
        memcpy(&v, buf, sizeof v);
        TU_ASSERT_MSG(v > last && v < COUNT, "message %d after %d", v, last);
        last = v;
        got++;
    }
    TU_ASSERT_MSG(got < COUNT, "nothing was dropped (%d received)", got);

    TU_OK(zmq_close(sub));
    TU_OK(zmq_close(pub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
