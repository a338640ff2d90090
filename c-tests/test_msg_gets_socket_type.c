/* zmq_msg_gets("Socket-Type") names the sending peer's socket type, as
 * announced in its ZMTP handshake: "PUB" and "XPUB" for messages a SUB
 * receives, "PAIR", "ROUTER" (to a DEALER), "REP" (to a REQ), "DEALER"
 * (to a REP).  A subscription an XPUB reads from a SUB carries "SUB" too.
 * All over tcp.  Over inproc there are no properties (NULL, EINVAL). */
#include "testutil.h"

static void expect_type(void *s, const char *type, int line)
{
    zmq_msg_t m;
    const char *v;
    TU_OK(zmq_msg_init(&m));
    TU_ASSERT_MSG(zmq_msg_recv(&m, s, 0) >= 0, "line %d: recv", line);
    v = zmq_msg_gets(&m, "Socket-Type");
    TU_ASSERT_MSG(v != NULL && strcmp(v, type) == 0,
                  "line %d: Socket-Type %s, expected %s", line,
                  v ? v : "NULL", type);
    TU_OK(zmq_msg_close(&m));
}
#define EXPECT_TYPE(s, t) expect_type((s), (t), __LINE__)

int main(void)
{
    void *ctx, *a, *b;
    char ep[256];
    TU_START();
    ctx = tu_ctx();

    /* PUB -> SUB */
    a = tu_socket(ctx, ZMQ_PUB);
    b = tu_socket(ctx, ZMQ_SUB);
    tu_bind_any(a, "tcp", ep, sizeof ep);
    TU_OK(zmq_setsockopt(b, ZMQ_SUBSCRIBE, "", 0));
    TU_OK(zmq_connect(b, ep));
    tu_sync_pubsub(a, b, "sync");
    tu_send_str(a, "x", 0);
    EXPECT_TYPE(b, "PUB");
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));

    /* SUB -> XPUB (subscription), XPUB -> SUB */
    a = tu_socket(ctx, ZMQ_XPUB);
    b = tu_socket(ctx, ZMQ_SUB);
    tu_bind_any(a, "tcp", ep, sizeof ep);
    TU_OK(zmq_setsockopt(b, ZMQ_SUBSCRIBE, "", 0));
    TU_OK(zmq_connect(b, ep));
    EXPECT_TYPE(a, "SUB");
    tu_send_str(a, "x", 0);
    EXPECT_TYPE(b, "XPUB");
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));

    /* PAIR -> PAIR */
    a = tu_socket(ctx, ZMQ_PAIR);
    b = tu_socket(ctx, ZMQ_PAIR);
    tu_bind_any(a, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(b, ep));
    tu_send_str(b, "x", 0);
    EXPECT_TYPE(a, "PAIR");
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));

    /* DEALER -> ROUTER -> DEALER */
    a = tu_socket(ctx, ZMQ_ROUTER);
    b = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(b, ZMQ_ROUTING_ID, "d", 1));
    tu_bind_any(a, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(b, ep));
    tu_send_str(b, "x", 0);
    EXPECT_TYPE(a, "DEALER"); /* id frame */
    EXPECT_TYPE(a, "DEALER"); /* body */
    tu_send_str(a, "d", ZMQ_SNDMORE);
    tu_send_str(a, "y", 0);
    EXPECT_TYPE(b, "ROUTER");
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));

    /* REQ -> REP -> REQ */
    a = tu_socket(ctx, ZMQ_REP);
    b = tu_socket(ctx, ZMQ_REQ);
    tu_bind_any(a, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(b, ep));
    tu_send_str(b, "q", 0);
    EXPECT_TYPE(a, "REQ");
    tu_send_str(a, "r", 0);
    EXPECT_TYPE(b, "REP");
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));

    /* inproc: none */
    a = tu_socket(ctx, ZMQ_PAIR);
    b = tu_socket(ctx, ZMQ_PAIR);
    tu_bind_any(a, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(b, ep));
    tu_send_str(b, "x", 0);
    {
        zmq_msg_t m;
        TU_OK(zmq_msg_init(&m));
        TU_OK(zmq_msg_recv(&m, a, 0));
        TU_NULL_ERR(zmq_msg_gets(&m, "Socket-Type"), EINVAL);
        TU_NULL_ERR(zmq_msg_gets(&m, "Peer-Address"), EINVAL);
        TU_OK(zmq_msg_close(&m));
    }
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));

    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
