/* ws:// with security and its monitor events: CURVE and PLAIN handshakes
 * over ZWS 2.0 (sub-protocols ZWS2.0/CURVE and ZWS2.0/PLAIN), the events of
 * a good connection (the endpoints are the ws:// ones; libzmq reports
 * HANDSHAKE_SUCCEEDED twice, once for the WebSocket upgrade and once for
 * the ZMTP handshake), a client whose
 * mechanism the server does not offer (the server fails the upgrade:
 * HANDSHAKE_FAILED_PROTOCOL with ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED), and a
 * raw tcp client sending garbage instead of an HTTP request (the same). */
#include "testutil.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <pthread.h>
#include <unistd.h>

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

static void round_trip(void *req, void *rep)
{
    tu_send_str(req, "hello", 0);
    tu_recv_str(rep, "hello", 0);
    tu_send_str(rep, "world", 0);
    tu_recv_str(req, "world", 0);
}

/* A ZAP handler for one PLAIN request: 200 for admin/secret, else 400. */
static void *zap_handler(void *zap)
{
    char frames[8][64];
    int i, ok;
    for (i = 0; i < 8; i++) {
        int n = zmq_recv(zap, frames[i], sizeof frames[i] - 1, 0);
        TU_ASSERT(n >= 0);
        frames[i][n < 63 ? n : 63] = '\0';
    }
    ok = strcmp(frames[5], "PLAIN") == 0 && strcmp(frames[6], "admin") == 0
         && strcmp(frames[7], "secret") == 0;
    tu_send_str(zap, "1.0", ZMQ_SNDMORE);
    tu_send_str(zap, frames[1], ZMQ_SNDMORE);
    tu_send_str(zap, ok ? "200" : "400", ZMQ_SNDMORE);
    tu_send_str(zap, "OK", ZMQ_SNDMORE);
    tu_send_str(zap, "user", ZMQ_SNDMORE);
    TU_EQ_INT(zmq_send(zap, "", 0, 0), 0);
    return NULL;
}

static int port_of(const char *ep)
{
    const char *c = strrchr(ep, ':');
    TU_ASSERT(c != NULL);
    return atoi(c + 1);
}

int main(void)
{
    void *ctx, *rep, *req, *ms, *mc, *zap;
    pthread_t thr;
    char ep[256], acc[256];
    char spub[41], ssec[41], cpub[41], csec[41];
    uint32_t v;
    int fd;
    struct sockaddr_in a;
    TU_START();

    ctx = tu_ctx();

    /* CURVE, with the events of both ends. */
    TU_OK(zmq_curve_keypair(spub, ssec));
    TU_OK(zmq_curve_keypair(cpub, csec));
    rep = tu_socket(ctx, ZMQ_REP);
    tu_set_int(rep, ZMQ_CURVE_SERVER, 1);
    TU_OK(zmq_setsockopt(rep, ZMQ_CURVE_SECRETKEY, ssec, 40));
    ms = mon_start(ctx, rep, ZMQ_EVENT_ALL);
    TU_OK(zmq_bind(rep, "ws://127.0.0.1:*/sec"));
    tu_last_endpoint(rep, ep, sizeof ep);
    mon_expect(ms, ZMQ_EVENT_LISTENING, ep);
    req = tu_socket(ctx, ZMQ_REQ);
    TU_OK(zmq_setsockopt(req, ZMQ_CURVE_SERVERKEY, spub, 40));
    TU_OK(zmq_setsockopt(req, ZMQ_CURVE_PUBLICKEY, cpub, 40));
    TU_OK(zmq_setsockopt(req, ZMQ_CURVE_SECRETKEY, csec, 40));
    mc = mon_start(ctx, req, ZMQ_EVENT_ALL);
    TU_OK(zmq_connect(req, ep));
    round_trip(req, rep);
    mon_expect(mc, ZMQ_EVENT_CONNECT_DELAYED, ep);
    mon_expect(mc, ZMQ_EVENT_CONNECTED, ep);
    mon_expect(mc, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);
    mon_expect(mc, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);
    mon_expect(ms, ZMQ_EVENT_ACCEPTED, ep);
    mon_expect(ms, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);
    mon_expect(ms, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);
    TU_OK(zmq_socket_monitor(req, NULL, 0));
    TU_OK(zmq_close(mc));
    TU_OK(zmq_close(req));
    mon_expect(ms, ZMQ_EVENT_DISCONNECTED, ep);

    /* A NULL client to the CURVE server: no sub-protocol in common. */
    req = tu_socket(ctx, ZMQ_REQ);
    TU_OK(zmq_connect(req, ep));
    mon_expect(ms, ZMQ_EVENT_ACCEPTED, ep);
    v = mon_expect(ms, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, ep);
    TU_EQ_INT(v, ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED);
    mon_expect(ms, ZMQ_EVENT_DISCONNECTED, ep);
    TU_OK(zmq_close(req));

    /* Garbage instead of an HTTP request. */
    fd = socket(AF_INET, SOCK_STREAM, 0);
    TU_ASSERT(fd >= 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port_of(ep));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    TU_OK(connect(fd, (struct sockaddr *)&a, sizeof a));
    TU_EQ_INT(write(fd, "XYZZY / HTTP/1.1\r\n\r\n", 20), 20);
    mon_expect(ms, ZMQ_EVENT_ACCEPTED, ep);
    v = mon_expect(ms, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, ep);
    TU_EQ_INT(v, ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED);
    mon_expect(ms, ZMQ_EVENT_DISCONNECTED, ep);
    close(fd);
    TU_OK(zmq_socket_monitor(rep, NULL, 0));
    TU_OK(zmq_close(ms));
    TU_OK(zmq_close(rep));

    /* PLAIN, checked by a ZAP handler. */
    zap = tu_socket(ctx, ZMQ_REP);
    TU_OK(zmq_bind(zap, "inproc://zeromq.zap.01"));
    TU_ASSERT(pthread_create(&thr, NULL, zap_handler, zap) == 0);
    rep = tu_socket(ctx, ZMQ_REP);
    tu_set_int(rep, ZMQ_PLAIN_SERVER, 1);
    TU_OK(zmq_bind(rep, "ws://127.0.0.1:*"));
    tu_last_endpoint(rep, acc, sizeof acc);
    req = tu_socket(ctx, ZMQ_REQ);
    TU_OK(zmq_setsockopt(req, ZMQ_PLAIN_USERNAME, "admin", 5));
    TU_OK(zmq_setsockopt(req, ZMQ_PLAIN_PASSWORD, "secret", 6));
    TU_OK(zmq_connect(req, acc));
    round_trip(req, rep);
    TU_ASSERT(pthread_join(thr, NULL) == 0);
    TU_OK(zmq_close(req));
    TU_OK(zmq_close(rep));
    TU_OK(zmq_close(zap));

    TU_OK(zmq_ctx_term(ctx));
    printf("ok %s\n", tu_lib_name());
    return 0;
}
