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

/* ---- monitor helpers ---- */

/* Start monitoring s on a fresh inproc endpoint and connect a PAIR to it
 * (connected before any event can be produced: libzmq's event send blocks
 * without a reader). */
static TU_UNUSED void *mon_start(void *ctx, void *s, int events)
{
    char ep[256];
    void *m;
    tu_inproc_endpoint(ep, sizeof ep);
    TU_OK(zmq_socket_monitor(s, ep, events));
    m = tu_socket(ctx, ZMQ_PAIR);
    TU_OK(zmq_connect(m, ep));
    return m;
}

/* Read one event: returns the event number (-1 on timeout), value and
 * endpoint (NUL-terminated).  Checks the v1 framing: a 6-byte first frame
 * with MORE, then the endpoint frame without MORE. */
static TU_UNUSED int mon_read_(void *m, uint32_t *value, char *ep,
                               size_t eplen, int timeout_ms, int line)
{
    zmq_msg_t f;
    uint16_t ev;
    uint32_t v;
    int n;
    tu_set_int(m, ZMQ_RCVTIMEO, timeout_ms);
    TU_OK(zmq_msg_init(&f));
    if (zmq_msg_recv(&f, m, 0) < 0) {
        TU_ASSERT_MSG(zmq_errno() == EAGAIN, "line %d: monitor recv", line);
        TU_OK(zmq_msg_close(&f));
        return -1;
    }
    TU_ASSERT_MSG(zmq_msg_size(&f) == 6, "line %d: event frame of %zu "
                                         "bytes", line, zmq_msg_size(&f));
    TU_ASSERT_MSG(zmq_msg_more(&f), "line %d: event frame without MORE",
                  line);
    memcpy(&ev, zmq_msg_data(&f), 2);
    memcpy(&v, (char *)zmq_msg_data(&f) + 2, 4);
    TU_EQ_INT(zmq_msg_recv(&f, m, 0) >= 0, 1);
    TU_ASSERT_MSG(!zmq_msg_more(&f), "line %d: endpoint frame with MORE",
                  line);
    n = (int)zmq_msg_size(&f);
    TU_ASSERT((size_t)n < eplen);
    memcpy(ep, zmq_msg_data(&f), (size_t)n);
    ep[n] = '\0';
    TU_OK(zmq_msg_close(&f));
    if (value)
        *value = v;
    return ev;
}
#define mon_read(m, v, ep, len, to)                                            \
    mon_read_((m), (v), (ep), (len), (to), __LINE__)

/* Next event must be `want` (with endpoint want_ep unless NULL); returns
 * its value. */
static TU_UNUSED uint32_t mon_expect_(void *m, int want, const char *want_ep,
                                      int line)
{
    uint32_t v = 0;
    char ep[512];
    int ev = mon_read_(m, &v, ep, sizeof ep, TU_TIMEOUT_MS, line);
    TU_ASSERT_MSG(ev == want, "line %d: event 0x%04x (value %u, '%s'), "
                              "expected 0x%04x", line, (unsigned)ev, v, ep,
                  (unsigned)want);
    if (want_ep)
        TU_ASSERT_MSG(strcmp(ep, want_ep) == 0,
                      "line %d: event 0x%04x endpoint '%s', expected '%s'",
                      line, (unsigned)ev, ep, want_ep);
    return v;
}
#define mon_expect(m, want, ep) mon_expect_((m), (want), (ep), __LINE__)

/* No event arrives within ms. */
static TU_UNUSED void mon_expect_none_(void *m, int ms, int line)
{
    uint32_t v;
    char ep[512];
    int ev = mon_read_(m, &v, ep, sizeof ep, ms, line);
    TU_ASSERT_MSG(ev == -1, "line %d: unexpected event 0x%04x (value %u, "
                            "'%s')", line, (unsigned)ev, v, ep);
}
#define mon_expect_none(m, ms) mon_expect_none_((m), (ms), __LINE__)

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
        ev = mon_read(m, &v, ep, sizeof ep, TU_TIMEOUT_MS);
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
    m = mon_start(ctx, srv, ZMQ_EVENT_ALL);
    tu_bind_any(srv, transport, ep, sizeof ep);
    mon_expect(m, ZMQ_EVENT_LISTENING, ep);
    mc = mon_start(ctx, cli, ZMQ_EVENT_CONNECTED);
    TU_OK(zmq_connect(cli, ep));
    mon_expect(mc, ZMQ_EVENT_CONNECTED, ep);
    mon_expect(m, ZMQ_EVENT_ACCEPTED, ep);
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
