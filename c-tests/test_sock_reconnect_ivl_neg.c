/* ZMQ_RECONNECT_IVL = -1: when the connection is lost (the peer's socket
 * closed), the connecting socket drops the endpoint and its pipe, as
 * libzmq does (its session asks the socket to terminate the endpoint):
 * the socket is no longer writable (nothing queues into a dead pipe), and
 * a new zmq_connect to the same endpoint makes a new connection that
 * works.  PAIR and DEALER, tcp and ipc. */
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
    m = mon_start(ctx, cli, ZMQ_EVENT_HANDSHAKE_SUCCEEDED |
                                ZMQ_EVENT_DISCONNECTED);
    tu_bind_any(srv, transport, ep, sizeof ep);
    tu_set_timeouts(srv, TU_TIMEOUT_MS);
    TU_OK(zmq_connect(cli, ep));
    mon_expect(m, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);
    tu_send_str(cli, "one", 0);
    tu_recv_str(srv, "one", 0);

    /* the peer goes away */
    TU_OK(zmq_close(srv));
    mon_expect(m, ZMQ_EVENT_DISCONNECTED, ep);
    TU_ASSERT_MSG(pollout_gone(cli), "%s over %s: still writable after the "
                                     "connection was lost", name, transport);
    TU_ERR(zmq_send(cli, "x", 1, ZMQ_DONTWAIT), EAGAIN);
    mon_expect_none(m, 100);

    /* a new peer on the same endpoint, and a new connect */
    srv = tu_socket(ctx, type);
    tu_set_int(srv, ZMQ_LINGER, 0);
    tu_set_timeouts(srv, TU_TIMEOUT_MS);
    tu_bind_retry(srv, ep);
    TU_OK(zmq_connect(cli, ep));
    mon_expect(m, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);
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
