/* Hostile raw peers against a CURVE server: after a correct CURVE
 * greeting they send a broken HELLO; each is refused and the server keeps
 * serving a real CURVE client.  (No crypto needed on the raw side: every
 * HELLO here is rejected before or at the box.)
 *
 * libzmq 4.3.4 reports ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL and closes:
 *   "HELLO" alone (6 bytes)                    MALFORMED_COMMAND_HELLO
 *   HELLO of 199 or 201 bytes (must be 200)    MALFORMED_COMMAND_HELLO
 *   200 bytes, version 2.0 instead of 1.0      MALFORMED_COMMAND_HELLO
 *   200 bytes, misspelt "HELLX"                UNEXPECTED_COMMAND
 *   200 bytes, right layout, garbage box       CRYPTOGRAPHIC
 * (all ZMQ_PROTOCOL_ERROR_ZMTP_*).  The server sends no WELCOME to any of
 * them. */
#include "testutil.h"
#include "rawzmtp.h"

/* ---- monitor helpers ---------------------------------------------------- */

/* The four handshake events (what these tests watch). */
#define SEC_HS_EVENTS                                                          \
    (ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL |    \
     ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)

/* The events each monitor PAIR reports to the test (mon_start's mask);
 * the others are read and dropped by mon_read. */
#define MON_MAX 8
static void *mon_socks_[MON_MAX];
static int mon_masks_[MON_MAX];

/* Start monitoring s on a fresh inproc endpoint and connect a PAIR to it
 * (connected before any event can be produced: libzmq's event send blocks
 * without a reader).  The monitor subscribes to ALL events and the helpers
 * below drop those outside `events`: in libzmq 4.3.4 the event filter
 * itself changes the outcome of some refusals (with a narrow filter, a
 * PLAIN server without a ZAP handler leaves the connection open instead of
 * closing it, as it does unmonitored or with ZMQ_EVENT_ALL). */
static TU_UNUSED void *mon_start(void *ctx, void *s, int events)
{
    char ep[256];
    void *m;
    int i;
    tu_inproc_endpoint(ep, sizeof ep);
    TU_OK(zmq_socket_monitor(s, ep, ZMQ_EVENT_ALL));
    m = tu_socket(ctx, ZMQ_PAIR);
    TU_OK(zmq_connect(m, ep));
    for (i = 0; i < MON_MAX && mon_socks_[i] != NULL; i++)
        ;
    TU_ASSERT(i < MON_MAX);
    mon_socks_[i] = m;
    mon_masks_[i] = events;
    return m;
}

static TU_UNUSED int mon_mask_(void *m)
{
    int i;
    for (i = 0; i < MON_MAX; i++)
        if (mon_socks_[i] == m)
            return mon_masks_[i];
    return ZMQ_EVENT_ALL;
}

/* Stop monitoring s and close its monitor PAIR m. */
static TU_UNUSED void mon_stop(void *s, void *m)
{
    int i;
    TU_OK(zmq_socket_monitor(s, NULL, 0));
    TU_OK(zmq_close(m));
    for (i = 0; i < MON_MAX; i++)
        if (mon_socks_[i] == m)
            mon_socks_[i] = NULL;
}

/* Read one event of m's mask (others are dropped): returns the event
 * number (-1 on timeout), value and endpoint (NUL-terminated).  Checks the
 * v1 framing: a 6-byte first frame with MORE, then the endpoint frame
 * without MORE. */
static TU_UNUSED int mon_read_(void *m, uint32_t *value, char *ep,
                               size_t eplen, int timeout_ms, int line)
{
    int64_t deadline = tu_now_ms() + timeout_ms;
    int mask = mon_mask_(m);
    for (;;) {
        zmq_msg_t f;
        uint16_t ev;
        uint32_t v;
        int n;
        int64_t left = deadline - tu_now_ms();
        tu_set_int(m, ZMQ_RCVTIMEO, left > 0 ? (int)left : 0);
        TU_OK(zmq_msg_init(&f));
        if (zmq_msg_recv(&f, m, 0) < 0) {
            TU_ASSERT_MSG(zmq_errno() == EAGAIN, "line %d: monitor recv",
                          line);
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
        TU_ASSERT_MSG(!zmq_msg_more(&f),
                      "line %d: endpoint frame with MORE", line);
        n = (int)zmq_msg_size(&f);
        TU_ASSERT((size_t)n < eplen);
        memcpy(ep, zmq_msg_data(&f), (size_t)n);
        ep[n] = '\0';
        TU_OK(zmq_msg_close(&f));
        if (!(ev & mask))
            continue;
        if (value)
            *value = v;
        return ev;
    }
}
#define mon_read(m, v, ep, len, to)                                            \
    mon_read_((m), (v), (ep), (len), (to), __LINE__)

/* Next event (within TU_TIMEOUT_MS) must be `want`; returns its value. */
static TU_UNUSED uint32_t mon_expect_(void *m, int want, int line)
{
    uint32_t v = 0;
    char ep[512];
    int ev = mon_read_(m, &v, ep, sizeof ep, TU_TIMEOUT_MS, line);
    TU_ASSERT_MSG(ev == want, "line %d: event 0x%04x (value %u = 0x%x, "
                              "'%s'), expected 0x%04x", line, (unsigned)ev,
                  v, v, ep, (unsigned)want);
    return v;
}
#define mon_expect(m, want) mon_expect_((m), (want), __LINE__)

/* Next event must be `want` with value `value`. */
#define mon_expect_value(m, want, value)                                       \
    TU_EQ_INT(mon_expect_((m), (want), __LINE__), (uint32_t)(value))

/* No event arrives within ms. */
static TU_UNUSED void mon_expect_none_(void *m, int ms, int line)
{
    uint32_t v;
    char ep[512];
    int ev = mon_read_(m, &v, ep, sizeof ep, ms, line);
    TU_ASSERT_MSG(ev == -1, "line %d: unexpected event 0x%04x (value %u = "
                            "0x%x, '%s')", line, (unsigned)ev, v, v, ep);
}
#define mon_expect_none(m, ms) mon_expect_none_((m), (ms), __LINE__)

/* Next event must be HANDSHAKE_FAILED_NO_DETAIL with the errno of a
 * connection the peer closed: EPIPE or ECONNRESET (which one depends on
 * timing); returns it. */
static TU_UNUSED uint32_t mon_expect_peer_closed_(void *m, int line)
{
    uint32_t v = mon_expect_(m, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, line);
    TU_ASSERT_MSG(v == EPIPE || v == ECONNRESET,
                  "line %d: HANDSHAKE_FAILED_NO_DETAIL value %u, expected "
                  "EPIPE (%d) or ECONNRESET (%d)", line, v, EPIPE,
                  ECONNRESET);
    return v;
}
#define mon_expect_peer_closed(m) mon_expect_peer_closed_((m), __LINE__)

/* Within ms, no HANDSHAKE_SUCCEEDED event (other events are dropped). */
static TU_UNUSED void mon_expect_no_success_(void *m, int ms, int line)
{
    int64_t deadline = tu_now_ms() + ms;
    for (;;) {
        uint32_t v;
        char ep[512];
        int64_t left = deadline - tu_now_ms();
        int ev;
        if (left <= 0)
            return;
        ev = mon_read_(m, &v, ep, sizeof ep, (int)left, line);
        if (ev == -1)
            return;
        TU_ASSERT_MSG(ev != ZMQ_EVENT_HANDSHAKE_SUCCEEDED,
                      "line %d: HANDSHAKE_SUCCEEDED on a refused connection",
                      line);
    }
}
#define mon_expect_no_success(m, ms) mon_expect_no_success_((m), (ms), __LINE__)

/* Count events equal to `want` (and, unless value is -1, with that value)
 * until n have been seen; other events are skipped.  Fails if fewer than n
 * arrive within TU_TIMEOUT_MS. */
static TU_UNUSED void mon_wait_count_(void *m, int want, long long value,
                                      int n, int line)
{
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    int seen = 0;
    while (seen < n) {
        uint32_t v;
        char ep[512];
        int64_t left = deadline - tu_now_ms();
        int ev;
        TU_ASSERT_MSG(left > 0, "line %d: %d events 0x%04x, expected %d",
                      line, seen, (unsigned)want, n);
        ev = mon_read_(m, &v, ep, sizeof ep, (int)left, line);
        if (ev == want && (value == -1 || (long long)v == value))
            seen++;
    }
}
#define mon_wait_count(m, want, value, n)                                      \
    mon_wait_count_((m), (want), (value), (n), __LINE__)

/* Next event must be HANDSHAKE_FAILED_NO_DETAIL with EPIPE or ECONNRESET
 * (the peer closed) or EAGAIN (our own ZMQ_HANDSHAKE_IVL expired first
 * because the peer went quiet instead of closing); returns the value. */
static TU_UNUSED uint32_t mon_expect_closed_or_quiet_(void *m, int line)
{
    uint32_t v = mon_expect_(m, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, line);
    TU_ASSERT_MSG(v == EPIPE || v == ECONNRESET || v == EAGAIN,
                  "line %d: HANDSHAKE_FAILED_NO_DETAIL value %u, expected "
                  "EPIPE, ECONNRESET or EAGAIN", line, v);
    return v;
}
#define mon_expect_closed_or_quiet(m) mon_expect_closed_or_quiet_((m), __LINE__)

/* ---- message flow ------------------------------------------------------- */

/* a -> b and b -> a, one frame each way (a and b are DEALERs or a
 * REQ/REP pair with a the REQ). */
static TU_UNUSED void sec_bounce(void *a, void *b, const char *tag)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s ->", tag);
    tu_send_str(a, buf, 0);
    tu_recv_str(b, buf, 0);
    snprintf(buf, sizeof buf, "%s <-", tag);
    tu_send_str(b, buf, 0);
    tu_recv_str(a, buf, 0);
}

/* Nothing is delivered either way between DEALERs a (connecting) and b
 * (bound) within ms: a queues a message (or cannot: EAGAIN), b must not
 * receive it; b tries to send (no peer: EAGAIN), a must not receive. */
static TU_UNUSED void sec_expect_no_delivery_(void *a, void *b, int ms,
                                              int line)
{
    int rc = zmq_send(a, "sneaky", 6, ZMQ_DONTWAIT);
    TU_ASSERT_MSG(rc == 6 || zmq_errno() == EAGAIN, "line %d: send", line);
    TU_ASSERT_MSG(!tu_wait_readable(b, ms),
                  "line %d: the bound side received a message", line);
    rc = zmq_send(b, "sneaky back", 11, ZMQ_DONTWAIT);
    TU_ASSERT_MSG(rc == 11 || zmq_errno() == EAGAIN, "line %d: send back",
                  line);
    TU_ASSERT_MSG(!tu_wait_readable(a, 100),
                  "line %d: the connecting side received a message", line);
}
#define sec_expect_no_delivery(a, b, ms)                                       \
    sec_expect_no_delivery_((a), (b), (ms), __LINE__)

/* HELLO (RFC 26): "\x05HELLO", version 1.0, 72 zero bytes, client
 * short-term key (32), short nonce (8), signature box (80) */
static size_t hello(unsigned char *h, size_t len, int version,
                    const char *name)
{
    size_t i;
    memset(h, 0, len);
    memcpy(h, name, 6);
    h[6] = (unsigned char)version;
    h[7] = 0;
    for (i = 80; i < len; i++)
        h[i] = (unsigned char)(i * 37 + 11);
    return len;
}

int main(void)
{
    void *ctx, *srv, *cli, *ms;
    char ep[256], spub[41], ssec[41], cpub[41], csec[41];
    int k;
    TU_START();

    TU_OK(zmq_curve_keypair(spub, ssec));
    TU_OK(zmq_curve_keypair(cpub, csec));
    ctx = tu_ctx();
    srv = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(srv, ZMQ_CURVE_SERVER, 1);
    TU_OK(zmq_setsockopt(srv, ZMQ_CURVE_SECRETKEY, ssec, 40));
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);

    for (k = 0; k < 6; k++) {
        unsigned char g[64], body[256], frame[300];
        size_t bl, fl;
        int fd, code = ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO;
        const char *what;
        switch (k) {
        case 0: what = "6 bytes"; bl = hello(body, 6, 1, "\x05HELLO"); break;
        case 1: what = "199 bytes"; bl = hello(body, 199, 1, "\x05HELLO"); break;
        case 2: what = "201 bytes"; bl = hello(body, 201, 1, "\x05HELLO"); break;
        case 3: what = "version 2"; bl = hello(body, 200, 2, "\x05HELLO"); break;
        case 4:
            what = "HELLX";
            bl = hello(body, 200, 1, "\x05HELLX");
            code = ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND;
            break;
        default:
            what = "garbage box";
            bl = hello(body, 200, 1, "\x05HELLO");
            code = ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC;
            break;
        }
        printf("%s\n", what);
        fd = w_connect(ep);
        w_greeting_as(g, 3, 0, "CURVE", 0);
        w_send(fd, g, sizeof g);
        w_recv_exact(fd, g, sizeof g);
        TU_ASSERT(memcmp(g + 12, "CURVE", 6) == 0);
        fl = w_command_frame(frame, body, bl);
        w_send(fd, frame, fl);
        mon_expect_value(ms, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, code);
        TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                      "%s: connection not closed", what);
        close(fd);
    }
    TU_ASSERT(!tu_wait_readable(srv, 0));

    cli = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_SERVERKEY, spub, 40));
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_PUBLICKEY, cpub, 40));
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_SECRETKEY, csec, 40));
    TU_OK(zmq_connect(cli, ep));
    sec_bounce(cli, srv, "good client");
    mon_expect(ms, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);

    mon_stop(srv, ms);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
