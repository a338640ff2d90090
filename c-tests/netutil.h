/*
 * netutil.h - helpers shared by the tests of ZMQ_USE_FD, ZMQ_BINDTODEVICE
 * and ZMQ_SOCKS_PROXY (test_net_*.c), the monitor tests (test_mon_*.c) and
 * others: reading monitor events (v1) and waiting for a specific one, a
 * listening tcp fd.  Include after testutil.h.
 */
#ifndef FERROMQ_NETUTIL_H
#define FERROMQ_NETUTIL_H

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* Start monitoring s on a fresh inproc endpoint and connect a PAIR to it
 * (before any event: libzmq's event send blocks without a reader). */
static TU_UNUSED void *nu_mon_start(void *ctx, void *s, int events)
{
    char ep[256];
    void *m;
    tu_inproc_endpoint(ep, sizeof ep);
    TU_OK(zmq_socket_monitor(s, ep, events));
    m = tu_socket(ctx, ZMQ_PAIR);
    TU_OK(zmq_connect(m, ep));
    return m;
}

/* One event (number, or -1 after timeout_ms), its value and endpoint
 * (NUL-terminated).  Checks the v1 framing: a 6-byte first frame with MORE,
 * then the endpoint frame without MORE. */
static TU_UNUSED int nu_mon_read_(void *m, uint32_t *value, char *ep,
                                  size_t eplen, int timeout_ms, int line)
{
    zmq_msg_t f;
    uint16_t ev;
    uint32_t v;
    size_t n;
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
    n = zmq_msg_size(&f);
    TU_ASSERT(n < eplen);
    memcpy(ep, zmq_msg_data(&f), n);
    ep[n] = '\0';
    TU_OK(zmq_msg_close(&f));
    if (value)
        *value = v;
    return ev;
}
#define nu_mon_read(m, v, ep, len, to)                                         \
    nu_mon_read_((m), (v), (ep), (len), (to), __LINE__)

/* The next event must be `want` (endpoint want_ep unless NULL); returns
 * its value. */
static TU_UNUSED uint32_t nu_mon_expect_(void *m, int want,
                                         const char *want_ep, int line)
{
    uint32_t v = 0;
    char ep[512];
    int ev = nu_mon_read_(m, &v, ep, sizeof ep, TU_TIMEOUT_MS, line);
    TU_ASSERT_MSG(ev == want, "line %d: event 0x%04x (value %u, '%s'), "
                              "expected 0x%04x", line, (unsigned)ev, v, ep,
                  (unsigned)want);
    if (want_ep)
        TU_ASSERT_MSG(strcmp(ep, want_ep) == 0,
                      "line %d: event 0x%04x endpoint '%s', expected '%s'",
                      line, (unsigned)ev, ep, want_ep);
    return v;
}
#define nu_mon_expect(m, want, ep) nu_mon_expect_((m), (want), (ep), __LINE__)

/* No event within ms. */
static TU_UNUSED void nu_mon_expect_none_(void *m, int ms, int line)
{
    uint32_t v;
    char ep[512];
    int ev = nu_mon_read_(m, &v, ep, sizeof ep, ms, line);
    TU_ASSERT_MSG(ev == -1, "line %d: unexpected event 0x%04x (value %u, "
                            "'%s')", line, (unsigned)ev, v, ep);
}
#define nu_mon_expect_none(m, ms) nu_mon_expect_none_((m), (ms), __LINE__)

/* The number of the next event within ms, or -1 (its value, endpoint and
 * framing unchecked). */
static TU_UNUSED int nu_mon_next(void *m, int ms)
{
    zmq_msg_t f;
    uint16_t ev;
    tu_set_int(m, ZMQ_RCVTIMEO, ms);
    TU_OK(zmq_msg_init(&f));
    if (zmq_msg_recv(&f, m, 0) < 0) {
        TU_OK(zmq_msg_close(&f));
        return -1;
    }
    memcpy(&ev, zmq_msg_data(&f), 2);
    TU_ASSERT(zmq_msg_recv(&f, m, 0) >= 0);
    TU_OK(zmq_msg_close(&f));
    return ev;
}

/* A listening IPv4 tcp socket on 127.0.0.1 (ephemeral port): returns the
 * descriptor, its port in *port. */
static TU_UNUSED int nu_tcp_listen(int *port)
{
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    TU_ASSERT(fd >= 0);
    TU_OK(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    TU_OK(bind(fd, (struct sockaddr *)&a, sizeof a));
    TU_OK(listen(fd, 64));
    TU_OK(getsockname(fd, (struct sockaddr *)&a, &al));
    *port = ntohs(a.sin_port);
    return fd;
}

/* Whether fd is an open descriptor. */
static TU_UNUSED int nu_fd_open(int fd)
{
    return fcntl(fd, F_GETFD) != -1 || errno != EBADF;
}

#endif /* FERROMQ_NETUTIL_H */
