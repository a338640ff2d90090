/* PUB accepts ZMQ_XPUB_NODROP too (PUB is an XPUB underneath): at the
 * high-water mark a non-blocking send fails with EAGAIN instead of
 * dropping, over tcp as well (SNDHWM 1 / RCVHWM 1, a SUB that does not
 * read, 64 KiB messages so that socket buffers fill up), and every
 * accepted message is delivered. */
#include "testutil.h"

#define SIZE 65536

int main(void)
{
    void *ctx, *pub, *sub;
    char ep[256];
    static char buf[SIZE];
    int sent = 0, got = 0, rc;
    TU_START();

    ctx = tu_ctx();
    pub = tu_socket(ctx, ZMQ_PUB);
    sub = tu_socket(ctx, ZMQ_SUB);
    tu_set_int(pub, ZMQ_XPUB_NODROP, 1);
    tu_set_int(pub, ZMQ_SNDHWM, 1);
    tu_set_int(pub, ZMQ_SNDBUF, 65536);
    tu_set_int(sub, ZMQ_RCVHWM, 1);
    tu_set_int(sub, ZMQ_RCVBUF, 65536);
    tu_bind_any(pub, "tcp", ep, sizeof ep);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0));
    TU_OK(zmq_connect(sub, ep));
    tu_sync_pubsub(pub, sub, "sync");

    memset(buf, 'd', sizeof buf);
    /* the sync messages may still count against the HWM until the PUB
     * has processed the SUB's read notifications: wait for a first send */
    {
        int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
        while (zmq_send(pub, buf, SIZE, ZMQ_DONTWAIT) != SIZE) {
            TU_EQ_INT(zmq_errno(), EAGAIN);
            TU_ASSERT_MSG(tu_now_ms() < deadline, "never room to send");
            tu_sleep_ms(5);
        }
        sent = 1;
    }
    while ((rc = zmq_send(pub, buf, SIZE, ZMQ_DONTWAIT)) == SIZE) {
        sent++;
        TU_ASSERT_MSG(sent < 2000, "never reached the HWM");
    }
    TU_EQ_INT(rc, -1);
    TU_EQ_INT(zmq_errno(), EAGAIN);

    while (got < sent) {
        rc = zmq_recv(sub, buf, SIZE, 0);
        TU_EQ_INT(rc, SIZE);
        got++;
    }
    TU_ASSERT(!tu_wait_readable(sub, 100));

    TU_OK(zmq_close(sub));
    TU_OK(zmq_close(pub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
