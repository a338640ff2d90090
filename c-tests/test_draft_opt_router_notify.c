/* ZMQ_ROUTER_NOTIFY: a ROUTER with ZMQ_NOTIFY_CONNECT receives [routing
 * id, ""] when a peer's handshake completes, with ZMQ_NOTIFY_DISCONNECT
 * [routing id, ""] when the peer goes away; a ROUTER without it receives
 * nothing. Over tcp and ipc. */
#include "testutil.h"

static void run(void *ctx, const char *transport)
{
    char ep[256];
    void *router = tu_socket(ctx, ZMQ_ROUTER);
    void *plain = tu_socket(ctx, ZMQ_ROUTER);
    void *dealer = tu_socket(ctx, ZMQ_DEALER);
    void *dealer2 = tu_socket(ctx, ZMQ_DEALER);
    char ep2[256];

    tu_set_int(router, ZMQ_ROUTER_NOTIFY,
               ZMQ_NOTIFY_CONNECT | ZMQ_NOTIFY_DISCONNECT);
    tu_bind_any(router, transport, ep, sizeof ep);
    tu_bind_any(plain, transport, ep2, sizeof ep2);

    TU_OK(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, "D1", 2));
    TU_OK(zmq_connect(dealer, ep));
    tu_recv_str(router, "D1", 1);
    tu_recv_str(router, "", 0);

    /* traffic is unchanged */
    tu_send_str(dealer, "hello", 0);
    tu_recv_str(router, "D1", 1);
    tu_recv_str(router, "hello", 0);

    TU_OK(zmq_close(dealer));
    tu_recv_str(router, "D1", 1);
    tu_recv_str(router, "", 0);

    /* without the option: no notification, only the message */
    TU_OK(zmq_setsockopt(dealer2, ZMQ_ROUTING_ID, "D2", 2));
    TU_OK(zmq_connect(dealer2, ep2));
    tu_send_str(dealer2, "m", 0);
    tu_recv_str(plain, "D2", 1);
    tu_recv_str(plain, "m", 0);
    TU_OK(zmq_close(dealer2));
    TU_EQ_INT(tu_wait_readable(plain, 300), 0);

    TU_OK(zmq_close(router));
    TU_OK(zmq_close(plain));
}

int main(void)
{
    void *ctx;
    TU_START();
    ctx = tu_ctx();
    run(ctx, "tcp");
    run(ctx, "ipc");
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
