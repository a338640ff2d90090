/* XPUB at its high-water mark drops: with SNDHWM 10 on the XPUB and
 * RCVHWM 10 on the SUB over inproc (one pipe whose limit is the sum, 20),
 * 1000 non-blocking sends all succeed at once, and the SUB then finds
 * exactly the first 20 messages queued; the rest were dropped.  Nothing
 * was read from the pipe before (the subscription is read on the XPUB
 * instead of syncing with messages), so the count is exact. */
#include "testutil.h"

int main(void)
{
    void *ctx, *xpub, *sub;
    char ep[256];
    char buf[32];
    int i, n, rc;
    int64_t t0;
    TU_START();

    ctx = tu_ctx();
    xpub = tu_socket(ctx, ZMQ_XPUB);
    sub = tu_socket(ctx, ZMQ_SUB);
    tu_set_int(xpub, ZMQ_SNDHWM, 10);
    tu_set_int(sub, ZMQ_RCVHWM, 10);
    tu_bind_any(xpub, "inproc", ep, sizeof ep);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0));
    TU_OK(zmq_connect(sub, ep));
    TU_EQ_INT(zmq_recv(xpub, buf, sizeof buf, 0), 1);

    t0 = tu_now_ms();
    for (i = 0; i < 1000; i++) {
        n = snprintf(buf, sizeof buf, "m%d", i);
        TU_EQ_INT(zmq_send(xpub, buf, (size_t)n, ZMQ_DONTWAIT), n);
    }
    /* a blocking send does not block either */
    tu_send_str(xpub, "blocking", 0);
    TU_ASSERT_MSG(tu_now_ms() - t0 < 2000, "sends took %d ms",
                  (int)(tu_now_ms() - t0));

    for (i = 0;; i++) {
        char want[32];
        rc = zmq_recv(sub, buf, sizeof buf - 1, ZMQ_DONTWAIT);
        if (rc < 0) {
            TU_EQ_INT(zmq_errno(), EAGAIN);
            break;
        }
        buf[rc] = '\0';
        snprintf(want, sizeof want, "m%d", i);
        TU_EQ_STR(buf, want);
    }
    TU_EQ_INT(i, 20);

    TU_OK(zmq_close(sub));
    TU_OK(zmq_close(xpub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
