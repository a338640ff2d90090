/* ZMQ_INVERT_MATCHING on a SUB: the SUB keeps only messages that match
 * none of its subscriptions.  To see the SUB's own filter at work the
 * publisher must send it non-matching messages, so the publisher is an
 * XPUB in manual mode that subscribes the SUB's pipe to everything ("").
 * The SUB, subscribed to "prefix" with inverted matching, then receives
 * "other" and "pre" but not "prefix" or "prefix-x".  Also: a PUB and a SUB
 * both inverted (the documented way to use the option) pass "other" and
 * drop "prefix-x". */
#include "testutil.h"

int main(void)
{
    void *ctx, *xpub, *sub, *pub, *sub2;
    char ep[256];
    char buf[64];
    TU_START();

    ctx = tu_ctx();
    xpub = tu_socket(ctx, ZMQ_XPUB);
    sub = tu_socket(ctx, ZMQ_SUB);
    tu_set_int(xpub, ZMQ_XPUB_MANUAL, 1);
    tu_set_int(sub, ZMQ_INVERT_MATCHING, 1);
    TU_EQ_INT(tu_get_int(sub, ZMQ_INVERT_MATCHING), 1);
    tu_bind_any(xpub, "tcp", ep, sizeof ep);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "prefix", 6));
    TU_OK(zmq_connect(sub, ep));
    TU_EQ_INT(zmq_recv(xpub, buf, sizeof buf, 0), 7);
    TU_ASSERT(memcmp(buf, "\x01prefix", 7) == 0);
    TU_OK(zmq_setsockopt(xpub, ZMQ_SUBSCRIBE, "", 0));

    tu_send_str(xpub, "prefix", 0);
    tu_send_str(xpub, "prefix-x", 0);
    tu_send_str(xpub, "other", 0);
    tu_send_str(xpub, "pre", 0);
    tu_recv_str(sub, "other", 0);
    tu_recv_str(sub, "pre", 0);
    TU_OK(zmq_close(sub));
    TU_OK(zmq_close(xpub));

    /* both sides inverted */
    pub = tu_socket(ctx, ZMQ_PUB);
    sub2 = tu_socket(ctx, ZMQ_SUB);
    tu_set_int(pub, ZMQ_INVERT_MATCHING, 1);
    tu_set_int(sub2, ZMQ_INVERT_MATCHING, 1);
    tu_bind_any(pub, "tcp", ep, sizeof ep);
    TU_OK(zmq_setsockopt(sub2, ZMQ_SUBSCRIBE, "prefix", 6));
    TU_OK(zmq_connect(sub2, ep));
    /* "sync" matches nothing, so it is delivered through both filters */
    tu_sync_pubsub(pub, sub2, "sync");
    tu_send_str(pub, "prefix-x", 0);
    tu_send_str(pub, "other", 0);
    tu_recv_str(sub2, "other", 0);
    TU_ERR(zmq_recv(sub2, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);

    TU_OK(zmq_close(sub2));
    TU_OK(zmq_close(pub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
