/* ZMQ_CONNECT_ROUTING_ID on a STREAM socket names the next outgoing
 * connection: the connect notification, incoming data and outgoing data
 * all use that id ("srv-A") instead of a generated 5-byte one; a second
 * connect without it gets a generated id again. */
#include "testutil.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

/* ---- plain BSD sockets for the raw (non-ZeroMQ) peer ---- */

/* Connect a blocking TCP socket to 127.0.0.1:port. */
static TU_UNUSED int raw_connect(int port)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    TU_ASSERT(fd >= 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    TU_ASSERT_MSG(connect(fd, (struct sockaddr *)&a, sizeof a) == 0,
                  "connect: %s", strerror(errno));
    return fd;
}

/* A listening TCP socket on 127.0.0.1, ephemeral port (returned in *port). */
static TU_UNUSED int raw_listen(int *port)
{
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    TU_ASSERT(fd >= 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    TU_ASSERT(bind(fd, (struct sockaddr *)&a, sizeof a) == 0);
    TU_ASSERT(listen(fd, 8) == 0);
    TU_ASSERT(getsockname(fd, (struct sockaddr *)&a, &al) == 0);
    *port = ntohs(a.sin_port);
    return fd;
}

/* accept() with a bounded wait. */
static TU_UNUSED int raw_accept(int lfd)
{
    struct pollfd p;
    int fd;
    p.fd = lfd;
    p.events = POLLIN;
    p.revents = 0;
    TU_ASSERT_MSG(poll(&p, 1, TU_TIMEOUT_MS) == 1, "nothing to accept");
    fd = accept(lfd, NULL, NULL);
    TU_ASSERT(fd >= 0);
    return fd;
}

/* Read exactly n bytes from fd within TU_TIMEOUT_MS. */
static TU_UNUSED void raw_read_exact(int fd, void *buf, size_t n)
{
    size_t got = 0;
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    while (got < n) {
        struct pollfd p;
        ssize_t r;
        p.fd = fd;
        p.events = POLLIN;
        p.revents = 0;
        TU_ASSERT_MSG(poll(&p, 1, 100) >= 0, "poll: %s", strerror(errno));
        TU_ASSERT_MSG(tu_now_ms() < deadline, "raw read: %zu of %zu bytes",
                      got, n);
        if (!(p.revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        r = read(fd, (char *)buf + got, n - got);
        TU_ASSERT_MSG(r > 0, "raw read returned %d (%s) after %zu of %zu "
                             "bytes", (int)r, r < 0 ? strerror(errno) : "EOF",
                      got, n);
        got += (size_t)r;
    }
}

static TU_UNUSED void raw_write(int fd, const void *buf, size_t n)
{
    TU_ASSERT_MSG(write(fd, buf, n) == (ssize_t)n, "write: %s",
                  strerror(errno));
}

/* Wait (bounded) until the peer closes fd: read returns 0 or an error.
 * libzmq finishes closing a STREAM peer only while the application calls
 * into the socket, so `s` (if not NULL) is prodded with ZMQ_EVENTS
 * meanwhile. */
static TU_UNUSED void raw_expect_eof(int fd, void *s)
{
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    for (;;) {
        struct pollfd p;
        char c[64];
        p.fd = fd;
        p.events = POLLIN;
        p.revents = 0;
        if (poll(&p, 1, 20) > 0) {
            ssize_t r = read(fd, c, sizeof c);
            if (r <= 0)
                return;
            TU_FAIL("expected EOF, got %d bytes", (int)r);
        }
        if (s)
            (void)tu_get_int(s, ZMQ_EVENTS);
        TU_ASSERT_MSG(tu_now_ms() < deadline, "peer never closed");
    }
}

/* ---- STREAM side ---- */

/* Receive [routing id, data] from a STREAM socket: id into id (returns
 * its size), data into data (size into *dlen). */
static TU_UNUSED int stream_recv(void *s, unsigned char *id, void *data,
                                 size_t cap, size_t *dlen)
{
    int idn, n;
    idn = zmq_recv(s, id, 256, 0);
    TU_ASSERT_MSG(idn >= 0, "recv id frame");
    TU_EQ_INT(tu_get_int(s, ZMQ_RCVMORE), 1);
    n = zmq_recv(s, data, cap, 0);
    TU_ASSERT_MSG(n >= 0, "recv data frame");
    TU_ASSERT((size_t)n <= cap);
    TU_EQ_INT(tu_get_int(s, ZMQ_RCVMORE), 0);
    *dlen = (size_t)n;
    return idn;
}

static TU_UNUSED void stream_send(void *s, const unsigned char *id, int idn,
                                  const void *data, size_t n)
{
    TU_EQ_INT(zmq_send(s, id, (size_t)idn, ZMQ_SNDMORE), idn);
    TU_EQ_INT(zmq_send(s, data, n, 0), (int)n);
}

int main(void)
{
    void *ctx, *st;
    char ep[256];
    unsigned char id[256];
    char data[64];
    size_t n;
    int lfd, sfd, lfd2, sfd2, port, port2;
    TU_START();

    ctx = tu_ctx();
    lfd = raw_listen(&port);
    lfd2 = raw_listen(&port2);
    st = tu_socket(ctx, ZMQ_STREAM);
    TU_OK(zmq_setsockopt(st, ZMQ_CONNECT_ROUTING_ID, "srv-A", 5));
    snprintf(ep, sizeof ep, "tcp://127.0.0.1:%d", port);
    TU_OK(zmq_connect(st, ep));
    sfd = raw_accept(lfd);
    TU_EQ_INT(stream_recv(st, id, data, sizeof data, &n), 5);
    TU_ASSERT(memcmp(id, "srv-A", 5) == 0);
    TU_EQ_INT(n, 0);

    raw_write(sfd, "ping", 4);
    TU_EQ_INT(stream_recv(st, id, data, sizeof data, &n), 5);
    TU_ASSERT(memcmp(id, "srv-A", 5) == 0);
    TU_EQ_INT(n, 4);
    stream_send(st, (const unsigned char *)"srv-A", 5, "pong", 4);
    raw_read_exact(sfd, data, 4);
    TU_ASSERT(memcmp(data, "pong", 4) == 0);

    /* the option applies to one connect only */
    snprintf(ep, sizeof ep, "tcp://127.0.0.1:%d", port2);
    TU_OK(zmq_connect(st, ep));
    sfd2 = raw_accept(lfd2);
    TU_EQ_INT(stream_recv(st, id, data, sizeof data, &n), 5);
    TU_EQ_INT(id[0], 0);
    TU_EQ_INT(n, 0);

    close(sfd);
    close(sfd2);
    close(lfd);
    close(lfd2);
    TU_OK(zmq_close(st));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
