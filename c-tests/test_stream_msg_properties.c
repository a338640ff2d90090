/* Messages a STREAM socket receives from a raw TCP peer carry message
 * properties: "Peer-Address" is the peer's IP ("127.0.0.1"), on the id
 * frame and on the data frame, for the connect notification too; there is
 * no "Socket-Type" (no ZMTP handshake: NULL/EINVAL); ZMQ_SRCFD is the file
 * descriptor of the connection (its peer is the raw client's socket). */
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

static void check_props(zmq_msg_t *m, int client_port)
{
    int fd;
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    TU_EQ_STR(zmq_msg_gets(m, "Peer-Address"), "127.0.0.1");
    TU_NULL_ERR(zmq_msg_gets(m, "Socket-Type"), EINVAL);
    fd = zmq_msg_get(m, ZMQ_SRCFD);
    TU_ASSERT(fd >= 0);
    TU_ASSERT_MSG(getpeername(fd, (struct sockaddr *)&a, &al) == 0,
                  "ZMQ_SRCFD %d is not a connected socket: %s", fd,
                  strerror(errno));
    TU_EQ_INT(ntohs(a.sin_port), client_port);
}

int main(void)
{
    void *ctx, *st;
    char ep[256];
    zmq_msg_t m;
    int fd, client_port, i;
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    TU_START();

    ctx = tu_ctx();
    st = tu_socket(ctx, ZMQ_STREAM);
    tu_bind_any(st, "tcp", ep, sizeof ep);
    fd = raw_connect(tu_tcp_port(ep));
    TU_ASSERT(getsockname(fd, (struct sockaddr *)&a, &al) == 0);
    client_port = ntohs(a.sin_port);

    /* notification [id, ""] */
    for (i = 0; i < 2; i++) {
        TU_OK(zmq_msg_init(&m));
        TU_OK(zmq_msg_recv(&m, st, 0));
        TU_EQ_INT(zmq_msg_more(&m), i == 0);
        check_props(&m, client_port);
        TU_OK(zmq_msg_close(&m));
    }
    raw_write(fd, "data", 4);
    for (i = 0; i < 2; i++) {
        TU_OK(zmq_msg_init(&m));
        TU_OK(zmq_msg_recv(&m, st, 0));
        TU_EQ_INT(zmq_msg_more(&m), i == 0);
        if (i == 1)
            TU_EQ_INT(zmq_msg_size(&m), 4);
        check_props(&m, client_port);
        TU_OK(zmq_msg_close(&m));
    }

    close(fd);
    TU_OK(zmq_close(st));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
