/*
 * secutil.h - helpers shared by the security tests (test_sec_*.c): monitor
 * helpers that watch the handshake events, a ZAP handler (RFC 27) in a
 * thread, and message-flow checks between two sockets.  Include after
 * testutil.h.
 */
#ifndef FERROMQ_SECUTIL_H
#define FERROMQ_SECUTIL_H

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
/* ---- a ZAP handler (RFC 27) in a thread ---------------------------------
 * zap_start() binds a REP (or ROUTER) on inproc://zeromq.zap.01 in the
 * caller's thread, so the handler exists before any handshake starts, then
 * serves it from a thread.  For every request the thread stores the frames
 * (the first request is kept in h->first, the latest in h->last), counts it
 * and sends the frames h->reply() builds.  Every wait is bounded: the thread
 * polls 20 ms at a time and stops when zap_stop() sets h->stop. */
#include <pthread.h>

#define ZAP_MAX_FRAMES 16
#define ZAP_FRAME_CAP 1024

typedef struct {
    int n;
    size_t len[ZAP_MAX_FRAMES];
    unsigned char data[ZAP_MAX_FRAMES][ZAP_FRAME_CAP];
} zap_frames_t;

typedef struct zap_handler zap_handler_t;
struct zap_handler {
    void *sock;
    int type; /* ZMQ_REP or ZMQ_ROUTER */
    pthread_t thread;
    int stop;     /* __atomic */
    int requests; /* __atomic: requests answered */
    zap_frames_t first, last, cur;
    /* builds the reply to req into rep (raw frames: for a ROUTER handler
     * they start with the routing id and the delimiter) */
    void (*reply)(zap_handler_t *h, const zap_frames_t *req, zap_frames_t *rep);
    /* free for the reply function */
    const char *status, *user_id;
    const void *metadata;
    size_t metadata_len;
    zap_frames_t rep;
};

static TU_UNUSED void zap_frame_set(zap_frames_t *f, int i, const void *d,
                                    size_t len)
{
    TU_ASSERT(i < ZAP_MAX_FRAMES && len <= ZAP_FRAME_CAP);
    if (len)
        memcpy(f->data[i], d, len);
    f->len[i] = len;
    if (f->n < i + 1)
        f->n = i + 1;
}

static TU_UNUSED void zap_frame_str(zap_frames_t *f, int i, const char *s)
{
    zap_frame_set(f, i, s, strlen(s));
}

/* frame i of f equals the string s */
static TU_UNUSED int zap_frame_is(const zap_frames_t *f, int i, const char *s)
{
    return i < f->n && f->len[i] == strlen(s) &&
           memcmp(f->data[i], s, f->len[i]) == 0;
}

/* Frame i of f as a printable C string (for messages). */
static TU_UNUSED const char *zap_frame_show(const zap_frames_t *f, int i)
{
    static char buf[4][ZAP_FRAME_CAP * 4 + 1];
    static int k;
    char *out = buf[k++ & 3], *p = out;
    size_t j;
    if (i >= f->n)
        return "(missing)";
    for (j = 0; j < f->len[i]; j++) {
        unsigned char c = f->data[i][j];
        if (c >= 32 && c < 127 && c != '\\')
            *p++ = (char)c;
        else
            p += sprintf(p, "\\x%02x", c);
    }
    *p = '\0';
    return out;
}

#define ZAP_EXPECT_FRAME(f, i, s)                                              \
    TU_ASSERT_MSG(zap_frame_is((f), (i), (s)),                                 \
                  "ZAP request frame %d is \"%s\", expected \"%s\"", (i),     \
                  zap_frame_show((f), (i)), (s))

/* The standard reply to a request whose RFC 27 frames start at index off
 * of req (0 for REP, 2 for ROUTER: routing id, empty delimiter): echo the
 * envelope, version and request id; then status, status text, user id and
 * metadata from h. */
static TU_UNUSED void zap_reply_standard(zap_handler_t *h,
                                         const zap_frames_t *req,
                                         zap_frames_t *rep)
{
    int off = h->type == ZMQ_ROUTER ? 2 : 0, i;
    rep->n = 0;
    for (i = 0; i < off + 2; i++)
        zap_frame_set(rep, i, req->data[i], req->len[i]);
    zap_frame_str(rep, off + 2, h->status);
    zap_frame_str(rep, off + 3, strcmp(h->status, "200") == 0 ? "OK" : "NO");
    zap_frame_str(rep, off + 4, h->user_id ? h->user_id : "");
    zap_frame_set(rep, off + 5, h->metadata, h->metadata_len);
}

/* Reply with exactly the frames in h->rep (for malformed replies). */
static TU_UNUSED void zap_reply_fixed(zap_handler_t *h, const zap_frames_t *req,
                                      zap_frames_t *rep)
{
    (void)req;
    *rep = h->rep;
}

static TU_UNUSED void *zap_thread_(void *arg)
{
    zap_handler_t *h = (zap_handler_t *)arg;
    while (!__atomic_load_n(&h->stop, __ATOMIC_ACQUIRE)) {
        zmq_pollitem_t it;
        int rc, i;
        zap_frames_t *rep;
        memset(&it, 0, sizeof it);
        it.socket = h->sock;
        it.events = ZMQ_POLLIN;
        rc = zmq_poll(&it, 1, 20);
        TU_ASSERT(rc >= 0);
        if (rc == 0)
            continue;
        h->cur.n = 0;
        for (;;) {
            int more;
            TU_ASSERT_MSG(h->cur.n < ZAP_MAX_FRAMES, "ZAP request too long");
            rc = zmq_recv(h->sock, h->cur.data[h->cur.n], ZAP_FRAME_CAP, 0);
            TU_ASSERT_MSG(rc >= 0 && rc <= ZAP_FRAME_CAP,
                          "ZAP handler recv: %d", rc);
            h->cur.len[h->cur.n++] = (size_t)rc;
            more = tu_get_int(h->sock, ZMQ_RCVMORE);
            if (!more)
                break;
        }
        rep = (zap_frames_t *)malloc(sizeof *rep);
        TU_ASSERT(rep != NULL);
        memset(rep, 0, sizeof *rep);
        h->reply(h, &h->cur, rep);
        for (i = 0; i < rep->n; i++) {
            rc = zmq_send(h->sock, rep->data[i], rep->len[i],
                          i + 1 < rep->n ? ZMQ_SNDMORE : 0);
            TU_ASSERT_MSG(rc == (int)rep->len[i], "ZAP handler send %d", i);
        }
        free(rep);
        if (__atomic_load_n(&h->requests, __ATOMIC_ACQUIRE) == 0)
            h->first = h->cur;
        h->last = h->cur;
        __atomic_add_fetch(&h->requests, 1, __ATOMIC_RELEASE);
    }
    return NULL;
}

/* Bind a handler of `type` (ZMQ_REP or ZMQ_ROUTER) in ctx and start it.
 * Set h->reply and its fields before the call. */
static TU_UNUSED void zap_start(zap_handler_t *h, void *ctx, int type)
{
    h->type = type;
    h->sock = tu_socket(ctx, type);
    TU_OK(zmq_bind(h->sock, "inproc://zeromq.zap.01"));
    if (h->reply == NULL)
        h->reply = zap_reply_standard;
    if (h->status == NULL)
        h->status = "200";
    TU_ASSERT(pthread_create(&h->thread, NULL, zap_thread_, h) == 0);
}

/* Stop the thread, close the handler socket. */
static TU_UNUSED void zap_stop(zap_handler_t *h)
{
    __atomic_store_n(&h->stop, 1, __ATOMIC_RELEASE);
    TU_ASSERT(pthread_join(h->thread, NULL) == 0);
    TU_OK(zmq_close(h->sock));
}

static TU_UNUSED int zap_requests(zap_handler_t *h)
{
    return __atomic_load_n(&h->requests, __ATOMIC_ACQUIRE);
}

/* Wait (bounded) until the handler has answered at least n requests. */
static TU_UNUSED void zap_wait_requests_(zap_handler_t *h, int n, int line)
{
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    while (zap_requests(h) < n) {
        TU_ASSERT_MSG(tu_now_ms() < deadline,
                      "line %d: %d ZAP requests, expected %d", line,
                      zap_requests(h), n);
        tu_sleep_ms(5);
    }
}
#define zap_wait_requests(h, n) zap_wait_requests_((h), (n), __LINE__)
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

#endif /* FERROMQ_SECUTIL_H */
