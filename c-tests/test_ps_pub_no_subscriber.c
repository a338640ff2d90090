/* A PUB with no subscriber (none connected, or one connected but not
 * subscribed to the topic) accepts every send at once, blocking or not,
 * and drops the message: a SUB that subscribes later never sees messages
 * published before its subscription took effect.  Over inproc. */
#include "testutil.h"

int main(void)
{
    void *ctx, *pub, *sub;
    char ep[256];
    int i;
    int64_t t0;
    TU_START();

    ctx = tu_ctx();
    pub = tu_socket(ctx, ZMQ_PUB);
    tu_bind_any(pub, "inproc", ep, sizeof ep);
    t0 = tu_now_ms();
    for (i = 0; i < 5000; i++)
        TU_EQ_INT(zmq_send(pub, "early", 5, i % 2 ? ZMQ_DONTWAIT : 0), 5);
    TU_ASSERT(tu_now_ms() - t0 < 2000);

    sub = tu_socket(ctx, ZMQ_SUB);
    TU_OK(zmq_connect(sub, ep));
    /* connected but not subscribed: still dropped */
    tu_send_str(pub, "early", 0);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0));
    {
        /* publish "sync" until the subscription is in place: the first
         * message the SUB gets is a "sync", never an "early" */
        int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
        do {
            tu_send_str(pub, "sync", 0);
            TU_ASSERT_MSG(tu_now_ms() < deadline, "never subscribed");
        } while (!tu_wait_readable(sub, 20));
        tu_recv_str(sub, "sync", 0);
        tu_send_str(pub, "late", 0);
        for (;;) {
            char buf[16];
            int rc = zmq_recv(sub, buf, sizeof buf - 1, 0);
            TU_ASSERT(rc >= 0);
            buf[rc] = '\0';
            if (strcmp(buf, "late") == 0)
                break;
            TU_EQ_STR(buf, "sync");
        }
    }

    TU_OK(zmq_close(sub));
    TU_OK(zmq_close(pub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
