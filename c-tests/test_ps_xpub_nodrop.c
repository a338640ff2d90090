/* ZMQ_XPUB_NODROP=1: at the high-water mark an XPUB no longer drops; a
 * non-blocking send fails with EAGAIN and a blocking send waits SNDTIMEO
 * and then fails with EAGAIN.  Everything that was accepted arrives (none
 * lost).  Once the subscriber has drained its queue, sending works again.
 * Over inproc, SNDHWM 10 / RCVHWM 10. */
#include "testutil.h"

int main(void)
{
    void *ctx, *xpub, *sub;
    char ep[256];
    char buf[32];
    int sent = 0, got = 0, rc;
    int64_t t0, deadline;
    TU_START();

    ctx = tu_ctx();
    xpub = tu_socket(ctx, ZMQ_XPUB);
    sub = tu_socket(ctx, ZMQ_SUB);
    tu_set_int(xpub, ZMQ_XPUB_NODROP, 1);
    tu_set_int(xpub, ZMQ_SNDHWM, 10);
    tu_set_int(sub, ZMQ_RCVHWM, 10);
    tu_bind_any(xpub, "inproc", ep, sizeof ep);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0));
    TU_OK(zmq_connect(sub, ep));
    TU_EQ_INT(zmq_recv(xpub, buf, sizeof buf, 0), 1);

    while ((rc = zmq_send(xpub, "msg", 3, ZMQ_DONTWAIT)) == 3) {
        sent++;
        TU_ASSERT_MSG(sent < 100000, "never reached the HWM");
    }
    TU_EQ_INT(rc, -1);
    TU_EQ_INT(zmq_errno(), EAGAIN);
    TU_ASSERT_MSG(sent >= 10 && sent <= 20, "sent %d before EAGAIN", sent);

    /* blocking send with a short SNDTIMEO */
    tu_set_int(xpub, ZMQ_SNDTIMEO, 200);
    t0 = tu_now_ms();
    TU_ERR(zmq_send(xpub, "msg", 3, 0), EAGAIN);
    TU_ASSERT_MSG(tu_now_ms() - t0 >= 150, "returned after %d ms",
                  (int)(tu_now_ms() - t0));

    while (zmq_recv(sub, buf, sizeof buf, ZMQ_DONTWAIT) == 3)
        got++;
    TU_EQ_INT(got, sent);

    /* room again (the XPUB learns of the reads through its commands) */
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    while (zmq_send(xpub, "again", 5, ZMQ_DONTWAIT) != 5) {
        TU_EQ_INT(zmq_errno(), EAGAIN);
        TU_ASSERT_MSG(tu_now_ms() < deadline, "still at HWM");
        tu_sleep_ms(5);
    }
    tu_recv_str(sub, "again", 0);

    TU_OK(zmq_close(sub));
    TU_OK(zmq_close(xpub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
