/* DRAFT PEER (RFC 51) over tcp, ipc and inproc: zmq_connect_peer returns
 * the routing id of the new connection at once, usable for a send before
 * the connection is up; the bound PEER sees the sender's routing id and
 * replies to it; the connecting PEER sees the reply coming from the id
 * zmq_connect_peer gave. Errors: zmq_connect_peer on another type is
 * ENOTSUP, with ZMQ_IMMEDIATE set EFAULT, on a non-socket ENOTSOCK (all
 * returning 0); zmq_connect refuses nothing on a PEER; an unknown routing
 * id is EHOSTUNREACH; multipart is EINVAL; PEER is thread-safe. */
#include "testutil.h"

static void run(void *ctx, const char *transport)
{
    char ep[256];
    void *a = tu_socket(ctx, ZMQ_PEER);
    void *b = tu_socket(ctx, ZMQ_PEER);
    void *c = tu_socket(ctx, ZMQ_PEER);
    uint32_t a_at_b, c_at_b, b_at_a, b_at_c;
    zmq_msg_t m;

    tu_bind_any(a, transport, ep, sizeof ep);
    a_at_b = zmq_connect_peer(b, ep);
    TU_ASSERT(a_at_b != 0);
    /* usable at once */
    TU_OK(zmq_msg_init_size(&m, 5));
    memcpy(zmq_msg_data(&m), "hello", 5);
    TU_OK(zmq_msg_set_routing_id(&m, a_at_b));
    TU_EQ_INT(zmq_msg_send(&m, b, 0), 5);

    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_recv(&m, a, 0), 5);
    TU_ASSERT(memcmp(zmq_msg_data(&m), "hello", 5) == 0);
    b_at_a = zmq_msg_routing_id(&m);
    TU_ASSERT(b_at_a != 0);
    TU_OK(zmq_msg_close(&m));

    TU_OK(zmq_msg_init_size(&m, 5));
    memcpy(zmq_msg_data(&m), "world", 5);
    TU_OK(zmq_msg_set_routing_id(&m, b_at_a));
    TU_EQ_INT(zmq_msg_send(&m, a, 0), 5);
    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_recv(&m, b, 0), 5);
    TU_ASSERT(memcmp(zmq_msg_data(&m), "world", 5) == 0);
    TU_EQ_INT(zmq_msg_routing_id(&m), a_at_b);
    TU_OK(zmq_msg_close(&m));

    /* b connects to a second peer (c) too: two ids, each reaches its own */
    {
        char ep2[256];
        tu_bind_any(c, transport, ep2, sizeof ep2);
        c_at_b = zmq_connect_peer(b, ep2);
        TU_ASSERT(c_at_b != 0 && c_at_b != a_at_b);
        TU_OK(zmq_msg_init_size(&m, 3));
        memcpy(zmq_msg_data(&m), "toc", 3);
        TU_OK(zmq_msg_set_routing_id(&m, c_at_b));
        TU_EQ_INT(zmq_msg_send(&m, b, 0), 3);
        TU_OK(zmq_msg_init(&m));
        TU_EQ_INT(zmq_msg_recv(&m, c, 0), 3);
        TU_ASSERT(memcmp(zmq_msg_data(&m), "toc", 3) == 0);
        b_at_c = zmq_msg_routing_id(&m);
        TU_ASSERT(b_at_c != 0);
        TU_OK(zmq_msg_close(&m));
    }

    /* unknown id, multipart */
    TU_OK(zmq_msg_init_size(&m, 1));
    TU_OK(zmq_msg_set_routing_id(&m, a_at_b + c_at_b == 0 ? 1 : a_at_b + c_at_b));
    if (zmq_msg_routing_id(&m) != a_at_b && zmq_msg_routing_id(&m) != c_at_b)
        TU_ERR(zmq_msg_send(&m, b, 0), EHOSTUNREACH);
    TU_OK(zmq_msg_set_routing_id(&m, a_at_b));
    TU_ERR(zmq_msg_send(&m, b, ZMQ_SNDMORE), EINVAL);
    TU_OK(zmq_msg_close(&m));
    TU_EQ_INT(tu_get_int(b, ZMQ_THREAD_SAFE), 1);

    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_close(c));
}

int main(void)
{
    void *ctx, *server, *p;
    char ep[256];
    TU_START();
    ctx = tu_ctx();
    run(ctx, "tcp");
    run(ctx, "ipc");
    run(ctx, "inproc");

    /* errors */
    server = tu_socket(ctx, ZMQ_SERVER);
    TU_EQ_INT(zmq_connect_peer(server, "tcp://127.0.0.1:5555"), 0);
    TU_EQ_INT(zmq_errno(), ENOTSUP);
    TU_OK(zmq_close(server));
    p = tu_socket(ctx, ZMQ_PEER);
    TU_EQ_INT(zmq_connect_peer(NULL, "tcp://127.0.0.1:5555"), 0);
    TU_EQ_INT(zmq_errno(), ENOTSOCK);
    tu_set_int(p, ZMQ_IMMEDIATE, 1);
    TU_EQ_INT(zmq_connect_peer(p, tu_inproc_endpoint(ep, sizeof ep)), 0);
    TU_EQ_INT(zmq_errno(), EFAULT);
    tu_set_int(p, ZMQ_IMMEDIATE, 0);
    TU_EQ_INT(zmq_connect_peer(p, "bogus://nowhere"), 0);
    TU_EQ_INT(zmq_errno(), EPROTONOSUPPORT);
    TU_OK(zmq_close(p));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
