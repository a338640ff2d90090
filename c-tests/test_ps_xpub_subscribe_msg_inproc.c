/* XPUB over inproc receives a SUB's subscriptions as messages: ZMQ_SUBSCRIBE
 * "topic" arrives as the single frame "\x01topic" (RCVMORE 0), the empty
 * subscription as the one byte "\x01", and ZMQ_UNSUBSCRIBE "topic" as
 * "\x00topic" — exactly as over tcp, although inproc
 * has no wire protocol at all. */
#include "testutil.h"

static void recv_bytes(void *s, const void *want, size_t n)
{
    char buf[256];
    int rc = zmq_recv(s, buf, sizeof buf, 0);
    TU_ASSERT_MSG(rc >= 0, "recv failed");
    TU_EQ_INT(rc, (int)n);
    TU_ASSERT(memcmp(buf, want, n) == 0);
    TU_EQ_INT(tu_get_int(s, ZMQ_RCVMORE), 0);
}

int main(void)
{
    void *ctx, *xpub, *sub;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    xpub = tu_socket(ctx, ZMQ_XPUB);
    sub = tu_socket(ctx, ZMQ_SUB);
    tu_bind_any(xpub, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(sub, ep));

    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "topic", 5));
    recv_bytes(xpub, "\x01topic", 6);

    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0));
    recv_bytes(xpub, "\x01", 1);

    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "a\0b", 3));
    recv_bytes(xpub, "\x01" "a\0b", 4);

    TU_OK(zmq_setsockopt(sub, ZMQ_UNSUBSCRIBE, "topic", 5));
    recv_bytes(xpub, "\x00topic", 6);

    TU_OK(zmq_setsockopt(sub, ZMQ_UNSUBSCRIBE, "", 0));
    recv_bytes(xpub, "\x00", 1);

    /* nothing else is pending */
    {
        char buf[16];
        TU_ERR(zmq_recv(xpub, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);
    }

    TU_OK(zmq_close(sub));
    TU_OK(zmq_close(xpub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
