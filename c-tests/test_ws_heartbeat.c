/* Heartbeats over ws://: with ZMQ_HEARTBEAT_IVL 50 ms and
 * ZMQ_HEARTBEAT_TIMEOUT 200 ms on both ends (a WebSocket PING, which the
 * peer answers with PONG, as libzmq sends it over ws), an idle connection
 * stays up for a second: no DISCONNECTED on either side, and a message
 * still goes through both ways afterwards. */
#include "testutil.h"
#include "netutil.h"

/* Local / peer tcp port of a socket fd, -1 if it is not one. */

int main(void)
{
    void *ctx, *router, *dealer, *mr, *md;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    dealer = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(router, ZMQ_HEARTBEAT_IVL, 50);
    tu_set_int(router, ZMQ_HEARTBEAT_TIMEOUT, 200);
    tu_set_int(dealer, ZMQ_HEARTBEAT_IVL, 50);
    tu_set_int(dealer, ZMQ_HEARTBEAT_TIMEOUT, 200);
    TU_OK(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, "D", 1));
    mr = nu_mon_start(ctx, router, ZMQ_EVENT_DISCONNECTED);
    md = nu_mon_start(ctx, dealer, ZMQ_EVENT_DISCONNECTED);
    TU_OK(zmq_bind(router, "ws://127.0.0.1:*/hb"));
    tu_last_endpoint(router, ep, sizeof ep);
    TU_OK(zmq_connect(dealer, ep));
    tu_send_str(dealer, "first", 0);
    tu_recv_str(router, "D", 1);
    tu_recv_str(router, "first", 0);

    /* Idle for a second: heartbeats only. */
    nu_mon_expect_none(mr, 1000);
    nu_mon_expect_none(md, 10);

    tu_send_str(router, "D", ZMQ_SNDMORE);
    tu_send_str(router, "back", 0);
    tu_recv_str(dealer, "back", 0);
    tu_send_str(dealer, "again", 0);
    tu_recv_str(router, "D", 1);
    tu_recv_str(router, "again", 0);

    TU_OK(zmq_socket_monitor(router, NULL, 0));
    TU_OK(zmq_socket_monitor(dealer, NULL, 0));
    TU_OK(zmq_close(mr));
    TU_OK(zmq_close(md));
    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    printf("ok %s\n", tu_lib_name());
    return 0;
}
