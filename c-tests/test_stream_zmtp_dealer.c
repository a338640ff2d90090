/* A STREAM socket sees the raw bytes of a ZeroMQ peer: a DEALER that
 * connects to it first sends only the 10-byte ZMTP signature
 * FF 00 00 00 00 00 00 00 01 7F (padding = routing-id length + 1, here
 * no id), then waits for the other side's signature.  The STREAM answers
 * with a full ZMTP 3.0 NULL greeting and a READY command declaring
 * Socket-Type ROUTER; the DEALER completes its greeting (major 3, NULL
 * mechanism), sends READY with Socket-Type DEALER, and then its first
 * message as a ZMTP frame: flags 0, length 5, "hello". */
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

static unsigned char acc[4096];
static size_t acc_n;

/* Accumulate [id, data] messages from the STREAM until acc holds n bytes. */
static void need(void *st, const unsigned char *id, size_t n)
{
    while (acc_n < n) {
        unsigned char rid[256];
        size_t dn;
        TU_EQ_INT(stream_recv(st, rid, acc + acc_n, sizeof acc - acc_n, &dn),
                  5);
        TU_ASSERT(memcmp(rid, id, 5) == 0);
        TU_ASSERT_MSG(dn > 0, "DEALER disconnected");
        acc_n += dn;
    }
}

static void consume(size_t n)
{
    memmove(acc, acc + n, acc_n - n);
    acc_n -= n;
}

int main(void)
{
    void *ctx, *st, *dealer;
    char ep[256];
    unsigned char id[256];
    char data[16];
    size_t n;
    static const unsigned char sig[10] = { 0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f };
    unsigned char greeting[64];
    static const unsigned char ready[] = {
        0x04, 28, 5, 'R', 'E', 'A', 'D', 'Y', 11, 'S', 'o', 'c', 'k', 'e',
        't', '-', 'T', 'y', 'p', 'e', 0, 0, 0, 6, 'R', 'O', 'U', 'T', 'E',
        'R'
    };
    TU_START();

    ctx = tu_ctx();
    st = tu_socket(ctx, ZMQ_STREAM);
    dealer = tu_socket(ctx, ZMQ_DEALER);
    tu_bind_any(st, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(dealer, ep));
    TU_EQ_INT(stream_recv(st, id, data, sizeof data, &n), 5);
    TU_EQ_INT(n, 0);

    /* the signature, and nothing more until we answer */
    need(st, id, 10);
    TU_EQ_INT(acc_n, 10);
    TU_ASSERT(memcmp(acc, sig, 10) == 0);
    consume(10);

    memset(greeting, 0, sizeof greeting);
    memcpy(greeting, sig, 10);
    greeting[10] = 3;
    greeting[11] = 0;
    memcpy(greeting + 12, "NULL", 4);
    stream_send(st, id, 5, greeting, sizeof greeting);

    /* rest of the DEALER's greeting */
    need(st, id, 54);
    TU_EQ_INT(acc[0], 3);
    TU_ASSERT(memcmp(acc + 2, "NULL", 5) == 0); /* NUL-padded */
    TU_EQ_INT(acc[22], 0);                       /* as-server */
    consume(54);

    /* its READY: 04 len 05 "READY" then properties */
    need(st, id, 2);
    TU_EQ_INT(acc[0], 0x04);
    {
        size_t clen = acc[1];
        static const unsigned char st_prop[] = { 11, 'S', 'o', 'c', 'k', 'e',
                                                 't', '-', 'T', 'y', 'p', 'e',
                                                 0, 0, 0, 6, 'D', 'E', 'A',
                                                 'L', 'E', 'R' };
        size_t i;
        int found = 0;
        need(st, id, 2 + clen);
        TU_ASSERT(memcmp(acc + 2, "\5READY", 6) == 0);
        for (i = 8; i + sizeof st_prop <= 2 + clen; i++)
            if (memcmp(acc + i, st_prop, sizeof st_prop) == 0)
                found = 1;
        TU_ASSERT_MSG(found, "no Socket-Type DEALER in READY");
        consume(2 + clen);
    }
    stream_send(st, id, 5, ready, sizeof ready);

    tu_send_str(dealer, "hello", 0);
    need(st, id, 7);
    TU_ASSERT(memcmp(acc, "\0\5hello", 7) == 0);

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(st));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
