/* Closing a socket while one of its connections is still in the ZMTP
 * handshake (right after the bind side's monitor reported ACCEPTED, and
 * the connect side's CONNECTED), with ZMQ_LINGER -1, libzmq's default:
 * the handshake, already under way, finishes, so the bind side's monitor
 * reports HANDSHAKE_SUCCEEDED (before MONITOR_STOPPED when it is the
 * bound socket that closed).  Repeated 100 times each way (server or
 * client closed; tcp and ipc).
 *
 * libzmq reports it too, but only when its handshake wins the race with
 * its asynchronous close: the system libzmq 4.3.4 missed it in 0 to 100
 * runs of 100 here depending on the machine's load (the bound socket
 * closing over tcp most often), so the count is asserted on ferromq only
 * and printed for both. */
#include "testutil.h"
#include "netutil.h"

/* Reads the server's monitor until MONITOR_STOPPED (server closed) or
 * DISCONNECTED / a failed handshake (client closed); returns whether
 * HANDSHAKE_SUCCEEDED was among the events. */
static int saw_handshake(void *m, int server_closed)
{
    uint32_t v;
    char ep[512];
    int ev, seen = 0, n = 0;
    char log[512] = "";
    for (;;) {
        ev = nu_mon_read(m, &v, ep, sizeof ep, TU_TIMEOUT_MS);
        if (n < (int)sizeof log - 32)
            n += snprintf(log + n, sizeof log - (size_t)n, " %04x/%u", ev, v);
        TU_ASSERT_MSG(ev != -1, "monitor: no final event");
        if (ev == ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
            seen++;
        if (ev == ZMQ_EVENT_MONITOR_STOPPED)
            break;
        if (!server_closed && (ev == ZMQ_EVENT_DISCONNECTED ||
                               (ev & (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL |
                                      ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL))))
            break;
    }
    TU_ASSERT(seen <= 1);
    if (!seen)
        printf("  missing: events%s\n", log);
    return seen;
}

static int run_once(void *ctx, const char *transport, int close_server)
{
    void *srv, *cli, *m, *mc;
    char ep[256];
    int seen;
    srv = tu_socket(ctx, ZMQ_DEALER);
    cli = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(close_server ? srv : cli, ZMQ_LINGER, -1);
    m = nu_mon_start(ctx, srv, ZMQ_EVENT_ALL);
    tu_bind_any(srv, transport, ep, sizeof ep);
    nu_mon_expect(m, ZMQ_EVENT_LISTENING, ep);
    mc = nu_mon_start(ctx, cli, ZMQ_EVENT_CONNECTED);
    TU_OK(zmq_connect(cli, ep));
    nu_mon_expect(mc, ZMQ_EVENT_CONNECTED, ep);
    nu_mon_expect(m, ZMQ_EVENT_ACCEPTED, ep);
    TU_OK(zmq_socket_monitor(cli, NULL, 0));
    TU_OK(zmq_close(mc));
    if (close_server) {
        TU_OK(zmq_close(srv));
        seen = saw_handshake(m, 1);
        TU_OK(zmq_close(m));
        TU_OK(zmq_close(cli));
    } else {
        TU_OK(zmq_close(cli));
        seen = saw_handshake(m, 0);
        TU_OK(zmq_socket_monitor(srv, NULL, 0));
        TU_OK(zmq_close(m));
        TU_OK(zmq_close(srv));
    }
    return seen;
}

int main(void)
{
    void *ctx;
    const char *transports[] = {"tcp", "ipc"};
    int t, c, i, missing;
    TU_START();
    ctx = tu_ctx();
    for (c = 0; c < 2; c++)
        for (t = 0; t < 2; t++) {
            missing = 0;
            for (i = 0; i < 100; i++)
                missing += !run_once(ctx, transports[t], c);
            printf("%s closed, %s: HANDSHAKE_SUCCEEDED missing in %d of "
                   "100\n", c ? "server" : "client", transports[t], missing);
            if (tu_lib_is_ferromq())
                TU_EQ_INT(missing, 0);
        }
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
