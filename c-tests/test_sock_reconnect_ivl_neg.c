/* ZMQ_RECONNECT_IVL = -1: when the connection is lost (the peer's socket
 * closed), the connecting socket drops the endpoint and its pipe, as
 * libzmq does (its session asks the socket to terminate the endpoint):
 * the socket is no longer writable (nothing queues into a dead pipe), and
 * a new zmq_connect to the same endpoint makes a new connection that
 * works.  PAIR and DEALER, tcp and ipc. */
#include "testutil.h"
#include "netutil.h"

/* Waits (bounded) until s stops reporting POLLOUT; the socket processes
 * its commands while ZMQ_EVENTS is read. */
static int pollout_gone(void *s)
{
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    while (tu_now_ms() < deadline) {
        if (!(tu_get_int(s, ZMQ_EVENTS) & ZMQ_POLLOUT))
            return 1;
        tu_sleep_ms(10);
    }
    return 0;
}

static void run(void *ctx, int type, const char *transport)
{
    void *srv, *cli, *m;
    char ep[256];
    const char *name = type == ZMQ_PAIR ? "PAIR" : "DEALER";
    srv = tu_socket(ctx, type);
    cli = tu_socket(ctx, type);
    tu_set_int(srv, ZMQ_LINGER, 0);
    tu_set_int(cli, ZMQ_LINGER, 0);
    tu_set_int(cli, ZMQ_RECONNECT_IVL, -1);
    tu_set_timeouts(cli, TU_TIMEOUT_MS);
    m = nu_mon_start(ctx, cli, ZMQ_EVENT_HANDSHAKE_SUCCEEDED |
                                ZMQ_EVENT_DISCONNECTED);
    tu_bind_any(srv, transport, ep, sizeof ep);
    tu_set_timeouts(srv, TU_TIMEOUT_MS);
    TU_OK(zmq_connect(cli, ep));
    nu_mon_expect(m, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);
    tu_send_str(cli, "one", 0);
    tu_recv_str(srv, "one", 0);

    /* the peer goes away */
    TU_OK(zmq_close(srv));
    nu_mon_expect(m, ZMQ_EVENT_DISCONNECTED, ep);
    TU_ASSERT_MSG(pollout_gone(cli), "%s over %s: still writable after the "
                                     "connection was lost", name, transport);
    TU_ERR(zmq_send(cli, "x", 1, ZMQ_DONTWAIT), EAGAIN);
    nu_mon_expect_none(m, 100);

    /* a new peer on the same endpoint, and a new connect */
    srv = tu_socket(ctx, type);
    tu_set_int(srv, ZMQ_LINGER, 0);
    tu_set_timeouts(srv, TU_TIMEOUT_MS);
    tu_bind_retry(srv, ep);
    TU_OK(zmq_connect(cli, ep));
    nu_mon_expect(m, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);
    tu_send_str(cli, "two", 0);
    tu_recv_str(srv, "two", 0);
    tu_send_str(srv, "back", 0);
    tu_recv_str(cli, "back", 0);
    printf("%s over %s: endpoint dropped, new connect works\n", name,
           transport);

    TU_OK(zmq_socket_monitor(cli, NULL, 0));
    TU_OK(zmq_close(m));
    TU_OK(zmq_close(srv));
    TU_OK(zmq_close(cli));
}

int main(void)
{
    void *ctx;
    TU_START();
    ctx = tu_ctx();
    run(ctx, ZMQ_PAIR, "tcp");
    run(ctx, ZMQ_PAIR, "ipc");
    run(ctx, ZMQ_DEALER, "tcp");
    run(ctx, ZMQ_DEALER, "ipc");
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
