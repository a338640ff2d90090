/* zmq_msg_gets on messages received over tcp gives the sending peer's
 * "Socket-Type" (REQ, REP, DEALER, ROUTER, PAIR) and "Peer-Address"
 * ("127.0.0.1"), and "Identity" = the peer's ZMQ_ROUTING_ID when it sets
 * one.  On a ROUTER the routing-id frame carries the same properties as
 * the body frames. */
#include "testutil.h"

static void recv_msg(void *s, zmq_msg_t *m, const char *body)
{
    TU_OK(zmq_msg_init(m));
    TU_OK(zmq_msg_recv(m, s, 0));
    if (body) {
        TU_EQ_INT(zmq_msg_size(m), strlen(body));
        TU_ASSERT(memcmp(zmq_msg_data(m), body, strlen(body)) == 0);
    }
}

static void check(zmq_msg_t *m, const char *type)
{
    TU_EQ_STR(zmq_msg_gets(m, "Socket-Type"), type);
    TU_EQ_STR(zmq_msg_gets(m, "Peer-Address"), "127.0.0.1");
}

int main(void)
{
    void *ctx, *a, *b;
    char ep[256];
    zmq_msg_t m;
    TU_START();
    ctx = tu_ctx();

    /* REQ (with a routing id) -> REP, and the reply */
    a = tu_socket(ctx, ZMQ_REQ);
    b = tu_socket(ctx, ZMQ_REP);
    TU_OK(zmq_setsockopt(a, ZMQ_ROUTING_ID, "req-1", 5));
    tu_bind_any(b, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(a, ep));
    tu_send_str(a, "q", 0);
    recv_msg(b, &m, "q");
    check(&m, "REQ");
    TU_EQ_STR(zmq_msg_gets(&m, "Identity"), "req-1");
    TU_OK(zmq_msg_close(&m));
    tu_send_str(b, "r", 0);
    recv_msg(a, &m, "r");
    check(&m, "REP");
    TU_OK(zmq_msg_close(&m));
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));

    /* DEALER -> ROUTER: id frame and body frame */
    a = tu_socket(ctx, ZMQ_DEALER);
    b = tu_socket(ctx, ZMQ_ROUTER);
    TU_OK(zmq_setsockopt(a, ZMQ_ROUTING_ID, "dlr", 3));
    tu_bind_any(b, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(a, ep));
    tu_send_str(a, "body", 0);
    recv_msg(b, &m, "dlr");
    TU_EQ_INT(zmq_msg_more(&m), 1);
    check(&m, "DEALER");
    TU_EQ_STR(zmq_msg_gets(&m, "Identity"), "dlr");
    TU_OK(zmq_msg_close(&m));
    recv_msg(b, &m, "body");
    check(&m, "DEALER");
    TU_OK(zmq_msg_close(&m));
    /* ROUTER -> DEALER */
    tu_send_str(b, "dlr", ZMQ_SNDMORE);
    tu_send_str(b, "back", 0);
    recv_msg(a, &m, "back");
    check(&m, "ROUTER");
    TU_OK(zmq_msg_close(&m));
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));

    /* PAIR <-> PAIR */
    a = tu_socket(ctx, ZMQ_PAIR);
    b = tu_socket(ctx, ZMQ_PAIR);
    tu_bind_any(b, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(a, ep));
    tu_send_str(a, "p", 0);
    recv_msg(b, &m, "p");
    check(&m, "PAIR");
    TU_OK(zmq_msg_close(&m));
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));

    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
