/* Heartbeats over ws://: with ZMQ_HEARTBEAT_IVL 50 ms and
 * ZMQ_HEARTBEAT_TIMEOUT 200 ms on both ends (a WebSocket PING, which the
 * peer answers with PONG, as libzmq sends it over ws), an idle connection
 * stays up for a second: no DISCONNECTED on either side, and a message
 * still goes through both ways afterwards. */
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
    mr = mon_start(ctx, router, ZMQ_EVENT_DISCONNECTED);
    md = mon_start(ctx, dealer, ZMQ_EVENT_DISCONNECTED);
    TU_OK(zmq_bind(router, "ws://127.0.0.1:*/hb"));
    tu_last_endpoint(router, ep, sizeof ep);
    TU_OK(zmq_connect(dealer, ep));
    tu_send_str(dealer, "first", 0);
    tu_recv_str(router, "D", 1);
    tu_recv_str(router, "first", 0);

    /* Idle for a second: heartbeats only. */
    mon_expect_none(mr, 1000);
    mon_expect_none(md, 10);

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
