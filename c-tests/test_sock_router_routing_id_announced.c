/* ZMQ_ROUTING_ID set on a DEALER, a REQ or a ROUTER is announced to the
 * ROUTER it connects to, which uses it as the routing-id frame of every
 * message from that peer (binary ids with a zero byte included) and routes
 * replies by it.  Over inproc, tcp and ipc. */
#include "testutil.h"

static void run(const char *transport)
{
    void *ctx, *router, *dealer, *req, *rpeer;
    char ep[256];

    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    TU_OK(zmq_setsockopt(router, ZMQ_ROUTING_ID, "srv", 3));
    tu_bind_any(router, transport, ep, sizeof ep);

    dealer = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, "dealer\0id", 9));
    TU_OK(zmq_connect(dealer, ep));
    tu_send_str(dealer, "d", 0);
    {
        char id[32];
        TU_EQ_INT(zmq_recv(router, id, sizeof id, 0), 9);
        TU_ASSERT(memcmp(id, "dealer\0id", 9) == 0);
        tu_recv_str(router, "d", 0);
        TU_EQ_INT(zmq_send(router, "dealer\0id", 9, ZMQ_SNDMORE), 9);
        tu_send_str(router, "to-dealer", 0);
        tu_recv_str(dealer, "to-dealer", 0);
    }

    req = tu_socket(ctx, ZMQ_REQ);
    TU_OK(zmq_setsockopt(req, ZMQ_ROUTING_ID, "req-id", 6));
    TU_OK(zmq_connect(req, ep));
    tu_send_str(req, "r", 0);
    tu_recv_str(router, "req-id", 1);
    tu_recv_str(router, "", 1);
    tu_recv_str(router, "r", 0);
    tu_send_str(router, "req-id", ZMQ_SNDMORE);
    tu_send_str(router, "", ZMQ_SNDMORE);
    tu_send_str(router, "to-req", 0);
    tu_recv_str(req, "to-req", 0);

    /* a connecting ROUTER: it learns the bound one's id "srv" too */
    rpeer = tu_socket(ctx, ZMQ_ROUTER);
    TU_OK(zmq_setsockopt(rpeer, ZMQ_ROUTING_ID, "router-id", 9));
    tu_set_int(rpeer, ZMQ_ROUTER_MANDATORY, 1);
    TU_OK(zmq_connect(rpeer, ep));
    {
        int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
        while (zmq_send(rpeer, "srv", 3, ZMQ_SNDMORE) != 3) {
            TU_EQ_INT(zmq_errno(), EHOSTUNREACH);
            TU_ASSERT_MSG(tu_now_ms() < deadline, "peer \"srv\" never known");
            tu_sleep_ms(2);
        }
    }
    tu_send_str(rpeer, "x", 0);
    tu_recv_str(router, "router-id", 1);
    tu_recv_str(router, "x", 0);
    tu_send_str(router, "router-id", ZMQ_SNDMORE);
    tu_send_str(router, "to-router", 0);
    tu_recv_str(rpeer, "srv", 1);
    tu_recv_str(rpeer, "to-router", 0);

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(req));
    TU_OK(zmq_close(rpeer));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    run("inproc");
    run("tcp");
    run("ipc");
    return 0;
}
