/* A message matching several of a SUB's subscriptions ("a", "ab", "abc")
 * is delivered once, not once per subscription; a message shorter than a
 * prefix ("a" vs subscription "ab") matches only the shorter prefixes;
 * the empty subscription matches every message (and still only once);
 * prefixes are bytes ("\0x" matches "\0xyz", not "\0y").  Over tcp. */
#include "testutil.h"

int main(void)
{
    void *ctx, *pub, *sub, *sub2;
    char ep[256], buf[32];
    TU_START();

    ctx = tu_ctx();
    pub = tu_socket(ctx, ZMQ_PUB);
    sub = tu_socket(ctx, ZMQ_SUB);
    sub2 = tu_socket(ctx, ZMQ_SUB);
    tu_bind_any(pub, "tcp", ep, sizeof ep);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "ab", 2));
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "a", 1));
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "abc", 3));
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "\0x", 2));
    TU_OK(zmq_setsockopt(sub2, ZMQ_SUBSCRIBE, "", 0));
    TU_OK(zmq_setsockopt(sub2, ZMQ_SUBSCRIBE, "abc", 3));
    TU_OK(zmq_connect(sub, ep));
    TU_OK(zmq_connect(sub2, ep));
    /* sub2 first, on a topic sub does not match; then sub, whose sync
     * traffic sub2 (subscribed to "") also gets, up to the end marker */
    tu_sync_pubsub(pub, sub2, "zz-sync");
    tu_sync_pubsub(pub, sub, "abc-sync");
    for (;;) {
        int rc = zmq_recv(sub2, buf, sizeof buf - 1, 0);
        TU_ASSERT(rc >= 0);
        buf[rc] = '\0';
        if (strcmp(buf, "abc-sync!end") == 0)
            break;
    }

    tu_send_str(pub, "abcd", 0);
    TU_EQ_INT(zmq_send(pub, "\0y", 2, 0), 2);
    TU_EQ_INT(zmq_send(pub, "\0xyz", 4, 0), 4);
    tu_send_str(pub, "b", 0);
    tu_send_str(pub, "a", 0);
    tu_send_str(pub, "end-a", 0);
    tu_send_str(pub, "abend", 0);

    tu_recv_str(sub, "abcd", 0);
    TU_EQ_INT(zmq_recv(sub, buf, sizeof buf, 0), 4);
    TU_ASSERT(memcmp(buf, "\0xyz", 4) == 0);
    tu_recv_str(sub, "a", 0);
    tu_recv_str(sub, "abend", 0);

    tu_recv_str(sub2, "abcd", 0);
    TU_EQ_INT(zmq_recv(sub2, buf, sizeof buf, 0), 2);
    TU_EQ_INT(zmq_recv(sub2, buf, sizeof buf, 0), 4);
    tu_recv_str(sub2, "b", 0);
    tu_recv_str(sub2, "a", 0);
    tu_recv_str(sub2, "end-a", 0);
    tu_recv_str(sub2, "abend", 0);

    TU_OK(zmq_close(sub));
    TU_OK(zmq_close(sub2));
    TU_OK(zmq_close(pub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
