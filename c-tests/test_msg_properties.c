/* Message properties: zmq_msg_gets on a message received over tcp reports
 * the peer's "Socket-Type" and "Peer-Address"; "Identity" is the peer's
 * routing id when the peer sends one (DEALER with ZMQ_ROUTING_ID: "myid";
 * REQ without one: "" observed on 4.3.4) and NULL/EINVAL for a PUSH peer
 * (which sends no Identity property).  Names are case-sensitive; unknown
 * names, and any name on a locally built message, give NULL/EINVAL.
 * zmq_msg_get: ZMQ_MORE; unknown property -1/EINVAL; zmq_msg_set always
 * -1/EINVAL. */
#include "testutil.h"

static void recv_msg(void *s, zmq_msg_t *m)
{
    TU_OK(zmq_msg_init(m));
    TU_OK(zmq_msg_recv(m, s, 0));
}

static void pair_up(void *ctx, int ta, int tb, void **a, void **b)
{
    char ep[256];
    *a = tu_socket(ctx, ta);
    *b = tu_socket(ctx, tb);
    tu_bind_any(*b, "tcp", ep, sizeof ep);
}

int main(void)
{
    void *ctx, *a, *b;
    char ep[256];
    zmq_msg_t m;
    const char *v;
    TU_START();

    ctx = tu_ctx();

    /* PUSH -> PULL */
    a = tu_socket(ctx, ZMQ_PUSH);
    b = tu_socket(ctx, ZMQ_PULL);
    tu_bind_any(b, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(a, ep));
    tu_send_str(a, "hello", 0);
    recv_msg(b, &m);
    TU_EQ_STR(zmq_msg_gets(&m, "Socket-Type"), "PUSH");
    TU_EQ_STR(zmq_msg_gets(&m, "Peer-Address"), "127.0.0.1");
    TU_NULL_ERR(zmq_msg_gets(&m, "Identity"), EINVAL);
    TU_NULL_ERR(zmq_msg_gets(&m, "socket-type"), EINVAL);
    TU_NULL_ERR(zmq_msg_gets(&m, "No-Such-Property"), EINVAL);
    TU_EQ_INT(zmq_msg_get(&m, ZMQ_MORE), 0);
    TU_ERR(zmq_msg_get(&m, 99), EINVAL);
    TU_ERR(zmq_msg_set(&m, ZMQ_MORE, 1), EINVAL);
    TU_OK(zmq_msg_close(&m));
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));

    /* DEALER with a routing id -> ROUTER: every frame carries it */
    pair_up(ctx, ZMQ_DEALER, ZMQ_ROUTER, &a, &b);
    TU_OK(zmq_setsockopt(a, ZMQ_ROUTING_ID, "myid", 4));
    tu_last_endpoint(b, ep, sizeof ep);
    TU_OK(zmq_connect(a, ep));
    tu_send_str(a, "hi", 0);
    recv_msg(b, &m); /* routing-id frame */
    TU_EQ_INT(zmq_msg_size(&m), 4);
    TU_ASSERT(memcmp(zmq_msg_data(&m), "myid", 4) == 0);
    TU_EQ_INT(zmq_msg_more(&m), 1);
    TU_EQ_STR(zmq_msg_gets(&m, "Socket-Type"), "DEALER");
    TU_EQ_STR(zmq_msg_gets(&m, "Identity"), "myid");
    TU_OK(zmq_msg_close(&m));
    recv_msg(b, &m); /* body */
    TU_EQ_INT(zmq_msg_more(&m), 0);
    TU_EQ_STR(zmq_msg_gets(&m, "Identity"), "myid");
    TU_OK(zmq_msg_close(&m));
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));

    /* REQ (no routing id set) -> REP */
    pair_up(ctx, ZMQ_REQ, ZMQ_REP, &a, &b);
    tu_last_endpoint(b, ep, sizeof ep);
    TU_OK(zmq_connect(a, ep));
    tu_send_str(a, "q", 0);
    recv_msg(b, &m);
    TU_EQ_STR(zmq_msg_gets(&m, "Socket-Type"), "REQ");
    v = zmq_msg_gets(&m, "Identity");
    TU_ASSERT(v != NULL);
    TU_EQ_STR(v, "");
    TU_OK(zmq_msg_close(&m));
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));

    /* a locally built message has no properties */
    TU_OK(zmq_msg_init_size(&m, 3));
    TU_NULL_ERR(zmq_msg_gets(&m, "Socket-Type"), EINVAL);
    TU_EQ_INT(zmq_msg_get(&m, ZMQ_MORE), 0);
    TU_OK(zmq_msg_close(&m));

    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
