/* When the peer of an accepted tcp connection closes, the bind side
 * reports DISCONNECTED (0x0200) with the bound endpoint and, as value, the
 * fd that ACCEPTED reported. */
#include "testutil.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

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
static TU_UNUSED int fd_local_port(int fd)
{
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    if (getsockname(fd, (struct sockaddr *)&a, &al) != 0 ||
        a.sin_family != AF_INET)
        return -1;
    return ntohs(a.sin_port);
}
static TU_UNUSED int fd_peer_port(int fd)
{
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    if (getpeername(fd, (struct sockaddr *)&a, &al) != 0 ||
        a.sin_family != AF_INET)
        return -1;
    return ntohs(a.sin_port);
}

int main(void)
{
    void *ctx, *srv, *cli, *m;
    char ep[256];
    uint32_t fd;
    TU_START();

    ctx = tu_ctx();
    srv = tu_socket(ctx, ZMQ_DEALER);
    cli = tu_socket(ctx, ZMQ_DEALER);
    m = mon_start(ctx, srv, ZMQ_EVENT_ALL);
    tu_bind_any(srv, "tcp", ep, sizeof ep);
    mon_expect(m, ZMQ_EVENT_LISTENING, ep);
    TU_OK(zmq_connect(cli, ep));
    fd = mon_expect(m, ZMQ_EVENT_ACCEPTED, ep);
    mon_expect(m, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);

    TU_OK(zmq_close(cli));
    TU_EQ_INT(mon_expect(m, ZMQ_EVENT_DISCONNECTED, ep), fd);

    TU_OK(zmq_socket_monitor(srv, NULL, 0));
    TU_OK(zmq_close(m));
    TU_OK(zmq_close(srv));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
