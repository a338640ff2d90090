/* ZMQ_INVERT_MATCHING on a PUB: a message goes to every subscriber whose
 * subscriptions do NOT match it.  An XSUB (no local filtering) subscribed
 * to "prefix" then receives "other" but not "prefix-x".  Until the
 * subscription reaches the PUB everything is sent (nothing matches), so
 * the test repeats a "prefix-probe" + "mark" pair until "mark" arrives
 * without the probe before it.  The option reads back with getsockopt. */
#include "testutil.h"

int main(void)
{
    void *ctx, *pub, *xsub;
    char ep[256];
    char buf[64];
    int64_t deadline;
    TU_START();

    ctx = tu_ctx();
    pub = tu_socket(ctx, ZMQ_PUB);
    xsub = tu_socket(ctx, ZMQ_XSUB);
    TU_EQ_INT(tu_get_int(pub, ZMQ_INVERT_MATCHING), 0);
    tu_set_int(pub, ZMQ_INVERT_MATCHING, 1);
    TU_EQ_INT(tu_get_int(pub, ZMQ_INVERT_MATCHING), 1);
    tu_bind_any(pub, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(xsub, ep));
    TU_EQ_INT(zmq_send(xsub, "\x01prefix", 7, 0), 7);

    /* until the subscription is applied both probe and mark arrive; two
     * marks in a row prove the probe between them was filtered */
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    {
        int prev_mark = 0, done = 0;
        while (!done) {
            tu_send_str(pub, "prefix-probe", 0);
            tu_send_str(pub, "mark", 0);
            while (!done && tu_wait_readable(xsub, 20)) {
                int rc = zmq_recv(xsub, buf, sizeof buf, 0);
                int is_mark = rc == 4 && memcmp(buf, "mark", 4) == 0;
                TU_ASSERT_MSG(is_mark || rc == 12, "unexpected %d bytes", rc);
                done = is_mark && prev_mark;
                prev_mark = is_mark;
            }
            TU_ASSERT_MSG(tu_now_ms() < deadline,
                          "subscription never applied");
        }
    }
    /* flush the marks still in flight */
    tu_send_str(pub, "flush-end", 0);
    for (;;) {
        int rc = zmq_recv(xsub, buf, sizeof buf, 0);
        TU_ASSERT(rc >= 0);
        if (rc == 9 && memcmp(buf, "flush-end", 9) == 0)
            break;
        TU_ASSERT_MSG(rc == 4, "unexpected %d bytes", rc);
    }

    tu_send_str(pub, "prefix-x", 0);
    tu_send_str(pub, "prefi", 0);
    tu_send_str(pub, "other", 0);
    tu_recv_str(xsub, "prefi", 0);
    tu_recv_str(xsub, "other", 0);

    TU_OK(zmq_close(xsub));
    TU_OK(zmq_close(pub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
