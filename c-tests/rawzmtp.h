/*
 * rawzmtp.h - a raw ZMTP peer over plain BSD sockets (no zmq), shared by the
 * tests that play the other end of a connection by hand (test_wire_*,
 * test_sec_wire_*, test_hb_raw_peer, test_draft_*_wire, ...): connect or
 * listen/accept a TCP fd, send and read greetings (ZMTP 3.x, and the
 * 1.0/2.0 signature), commands, READY with properties and frames, plus a
 * few zmq-side helpers those tests share; and a plain TCP peer (raw_*) with
 * the STREAM-side helpers of the test_stream_* tests.  Every call is bounded
 * (SO_RCVTIMEO/SO_SNDTIMEO of W_IO_MS on w_* fds, bounded polls for raw_*,
 * deadlines in the loops); a failure fails the test (TU_ASSERT).  Wire
 * layouts: API-CHECKLIST.md 7b-7d, RFC 23/37.  Include after testutil.h.
 */
#ifndef FERROMQ_RAWZMTP_H
#define FERROMQ_RAWZMTP_H

#include "netutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/time.h>

#ifndef W_IO_MS
#define W_IO_MS 5000
#endif

/* SO_RCVTIMEO and SO_SNDTIMEO of W_IO_MS on fd. */
static TU_UNUSED void w_timeouts(int fd)
{
    struct timeval tv;
    tv.tv_sec = W_IO_MS / 1000;
    tv.tv_usec = (W_IO_MS % 1000) * 1000;
    TU_ASSERT(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0);
    TU_ASSERT(setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) == 0);
}

/* A blocking TCP connection to 127.0.0.1 at the port of tcp endpoint ep,
 * with W_IO_MS send/receive timeouts. */
static TU_UNUSED int w_connect(const char *ep)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    TU_ASSERT_MSG(fd >= 0, "socket: %s", strerror(errno));
    w_timeouts(fd);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)tu_tcp_port(ep));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    TU_ASSERT_MSG(connect(fd, (struct sockaddr *)&a, sizeof a) == 0,
                  "connect %s: %s", ep, strerror(errno));
    return fd;
}

/* A listening socket on 127.0.0.1, ephemeral port; its endpoint in ep. */
static TU_UNUSED int w_listen(char *ep, size_t eplen)
{
    int port;
    int fd = nu_tcp_listen(&port);
    snprintf(ep, eplen, "tcp://127.0.0.1:%d", port);
    return fd;
}

/* Accepts one connection within TU_TIMEOUT_MS. */
static TU_UNUSED int w_accept(int lfd)
{
    struct pollfd p;
    int fd;
    p.fd = lfd;
    p.events = POLLIN;
    p.revents = 0;
    TU_ASSERT_MSG(poll(&p, 1, TU_TIMEOUT_MS) == 1, "no connection came");
    fd = accept(lfd, NULL, NULL);
    TU_ASSERT(fd >= 0);
    w_timeouts(fd);
    return fd;
}

/* Sends all of buf; 0 on success, -1 if the peer is gone (EPIPE,
 * ECONNRESET); any other failure (a timeout) fails the test. */
static TU_UNUSED int w_send_try(int fd, const void *buf, size_t len)
{
    const unsigned char *p = (const unsigned char *)buf;
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EPIPE || errno == ECONNRESET))
            return -1;
        TU_ASSERT_MSG(n > 0, "raw send: %s", strerror(errno));
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static TU_UNUSED void w_send(int fd, const void *buf, size_t len)
{
    TU_ASSERT_MSG(w_send_try(fd, buf, len) == 0, "raw send: peer closed");
}

/* Receives exactly len bytes or fails the test. */
static TU_UNUSED void w_recv_exact(int fd, void *buf, size_t len)
{
    unsigned char *p = (unsigned char *)buf;
    while (len > 0) {
        ssize_t n = recv(fd, p, len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        TU_ASSERT_MSG(n > 0, "raw recv: %s",
                      n == 0 ? "peer closed" : strerror(errno));
        p += n;
        len -= (size_t)n;
    }
}

/* Waits up to ms for the zmq side to close the connection: recv returns 0
 * or fails with ECONNRESET.  Bytes the zmq side sent first (its greeting,
 * READY) are read and dropped.  1 = closed, 0 = still open at the end. */
static TU_UNUSED int w_wait_closed(int fd, int ms)
{
    int64_t deadline = tu_now_ms() + ms;
    char buf[4096];
    for (;;) {
        int64_t left = deadline - tu_now_ms();
        struct pollfd p;
        ssize_t n;
        if (left <= 0)
            return 0;
        p.fd = fd;
        p.events = POLLIN;
        p.revents = 0;
        if (poll(&p, 1, (int)left) <= 0)
            continue;
        n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n == 0)
            return 1;
        if (n < 0 && (errno == ECONNRESET || errno == EPIPE))
            return 1;
    }
}

/* Whether fd has bytes to read within ms. */
static TU_UNUSED int w_readable(int fd, int ms)
{
    struct pollfd p;
    p.fd = fd;
    p.events = POLLIN;
    p.revents = 0;
    return poll(&p, 1, ms) == 1;
}

/* A 64-byte ZMTP 3.x greeting (7b) with the given revision, mechanism and
 * as-server flag. */
static TU_UNUSED void w_greeting_as(unsigned char g[64], int major, int minor,
                                    const char *mechanism, int as_server)
{
    memset(g, 0, 64);
    g[0] = 0xFF;
    g[8] = 0x01;
    g[9] = 0x7F;
    g[10] = (unsigned char)major;
    g[11] = (unsigned char)minor;
    memcpy(g + 12, mechanism, strlen(mechanism) < 20 ? strlen(mechanism) : 20);
    g[32] = (unsigned char)as_server;
}

/* The same as a client (as-server 0). */
static TU_UNUSED void w_greeting(unsigned char g[64], int major, int minor,
                                 const char *mechanism)
{
    w_greeting_as(g, major, minor, mechanism, 0);
}

/* A short command frame "04 len namelen name data" into out; returns its
 * size.  data may hold any bytes. */
static TU_UNUSED size_t w_command(unsigned char *out, const char *name,
                        const void *data, size_t dlen)
{
    size_t nl = strlen(name);
    TU_ASSERT(1 + nl + dlen <= 255);
    out[0] = 0x04;
    out[1] = (unsigned char)(1 + nl + dlen);
    out[2] = (unsigned char)nl;
    memcpy(out + 3, name, nl);
    if (dlen)
        memcpy(out + 3 + nl, data, dlen);
    return 3 + nl + dlen;
}

/* One metadata property "namelen name len32 value" appended at out. */
static TU_UNUSED size_t w_property(unsigned char *out, const char *name,
                         const char *value)
{
    size_t nl = strlen(name), vl = strlen(value);
    out[0] = (unsigned char)nl;
    memcpy(out + 1, name, nl);
    out[1 + nl] = (unsigned char)(vl >> 24);
    out[2 + nl] = (unsigned char)(vl >> 16);
    out[3 + nl] = (unsigned char)(vl >> 8);
    out[4 + nl] = (unsigned char)vl;
    memcpy(out + 5 + nl, value, vl);
    return 5 + nl + vl;
}

/* A NULL-mechanism READY announcing socket type `type` (7d). */
static TU_UNUSED size_t w_ready(unsigned char *out, const char *type)
{
    unsigned char meta[64];
    size_t ml = w_property(meta, "Socket-Type", type);
    return w_command(out, "READY", meta, ml);
}

/* Reads the zmq side's greeting and checks it is a ZMTP 3.x NULL one. */
static TU_UNUSED void w_read_greeting(int fd)
{
    unsigned char g[64];
    w_recv_exact(fd, g, sizeof g);
    TU_ASSERT_MSG(g[0] == 0xFF && g[9] == 0x7F && g[10] == 3,
                  "bad greeting from the zmq side: %02x..%02x %02x", g[0],
                  g[9], g[10]);
    TU_ASSERT_MSG(memcmp(g + 12, "NULL", 5) == 0,
                  "zmq side's mechanism is not NULL");
}

/* Reads one whole frame; returns its flags, body in body (truncated to
 * cap), body length in *len. */
static TU_UNUSED int w_read_frame(int fd, unsigned char *body, size_t cap,
                                  size_t *len)
{
    unsigned char h[9];
    uint64_t size = 0;
    size_t i;
    w_recv_exact(fd, h, 2);
    if (h[0] & 0x02) {
        w_recv_exact(fd, h + 2, 7);
        for (i = 1; i < 9; i++)
            size = (size << 8) | h[i];
    } else {
        size = h[1];
    }
    TU_ASSERT_MSG(size <= cap, "frame of %llu bytes from the zmq side",
                  (unsigned long long)size);
    w_recv_exact(fd, body, (size_t)size);
    *len = (size_t)size;
    return h[0];
}

/* Reads the zmq side's READY command and checks it. */
static TU_UNUSED void w_read_ready(int fd)
{
    unsigned char body[512];
    size_t len;
    int flags = w_read_frame(fd, body, sizeof body, &len);
    TU_ASSERT_MSG((flags & 0x04) && len >= 6 &&
                      memcmp(body, "\x05READY", 6) == 0,
                  "expected READY from the zmq side (flags %02x)", flags);
}

/* Full NULL handshake as a peer of type `type`: greeting and READY both
 * ways.  Afterwards the zmq side expects messages. */
static TU_UNUSED void w_handshake(int fd, const char *type)
{
    unsigned char g[64], r[128];
    size_t rl = w_ready(r, type);
    w_greeting(g, 3, 1, "NULL");
    w_send(fd, g, sizeof g);
    w_read_greeting(fd);
    w_send(fd, r, rl);
    w_read_ready(fd);
}

/* A command frame holding body (name length, name, data) into out: short
 * (04 size) up to 255 bytes, long (06 + 8-byte size) above.  Returns the
 * frame size. */
static TU_UNUSED size_t w_command_frame(unsigned char *out, const void *body,
                                        size_t blen)
{
    size_t h;
    if (blen <= 255) {
        out[0] = 0x04;
        out[1] = (unsigned char)blen;
        h = 2;
    } else {
        int i;
        out[0] = 0x06;
        for (i = 0; i < 8; i++)
            out[1 + i] = (unsigned char)((uint64_t)blen >> (56 - 8 * i));
        h = 9;
    }
    memcpy(out + h, body, blen);
    return h + blen;
}

/* Reads the zmq side's signature: 0xFF, 8-byte (routing id length + 1),
 * 0x7F. */
static TU_UNUSED void w_read_signature(int fd, size_t id_len)
{
    unsigned char g[10];
    uint64_t v = 0;
    int i;
    w_recv_exact(fd, g, sizeof g);
    for (i = 1; i < 9; i++)
        v = (v << 8) | g[i];
    TU_ASSERT_MSG(g[0] == 0xFF && g[9] == 0x7F && v == id_len + 1,
                  "bad signature from the zmq side: %02x %llu %02x", g[0],
                  (unsigned long long)v, g[9]);
}

/* xorshift32: deterministic "random" bytes, so a failure reproduces. */
static TU_UNUSED uint32_t w_rand_state = 2463534242u;

static TU_UNUSED uint32_t w_rand(void)
{
    uint32_t x = w_rand_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return w_rand_state = x;
}

static TU_UNUSED void w_fill_random(unsigned char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        p[i] = (unsigned char)(w_rand() >> 24);
}

/* Receives on s until a single-frame message equal to want arrives; other
 * messages (garbage a lenient library let through) are dropped and
 * counted.  Fails after TU_TIMEOUT_MS. */
static TU_UNUSED int w_recv_until(void *s, const char *want)
{
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    size_t wl = strlen(want);
    int dropped = 0;
    for (;;) {
        char buf[256];
        int n, more;
        TU_ASSERT_MSG(tu_now_ms() < deadline, "\"%s\" never arrived", want);
        if (!tu_wait_readable(s, 100))
            continue;
        n = zmq_recv(s, buf, sizeof buf, ZMQ_DONTWAIT);
        if (n < 0)
            continue;
        more = tu_get_int(s, ZMQ_RCVMORE);
        if (!more && n == (int)wl && memcmp(buf, want, wl) == 0)
            return dropped;
        dropped++;
    }
}

/* ROUTER <-> DEALER round trip: dealer (routing id "good") sends msg, the
 * router gets ["good", msg] (messages from any other peer are dropped),
 * answers ["good", msg] and the dealer gets msg back. */
static TU_UNUSED void w_router_roundtrip(void *router, void *dealer,
                                         const char *msg)
{
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    char id[256], body[256];
    size_t ml = strlen(msg);
    tu_send_str(dealer, msg, 0);
    for (;;) {
        int il, bl;
        TU_ASSERT_MSG(tu_now_ms() < deadline, "\"%s\" never reached ROUTER",
                      msg);
        if (!tu_wait_readable(router, 100))
            continue;
        il = zmq_recv(router, id, sizeof id, 0);
        TU_ASSERT(il >= 0);
        TU_ASSERT(tu_get_int(router, ZMQ_RCVMORE) == 1);
        bl = zmq_recv(router, body, sizeof body, 0);
        TU_ASSERT(bl >= 0);
        if (tu_get_int(router, ZMQ_RCVMORE)) {
            /* not one of ours: drop the rest of that message */
            while (tu_get_int(router, ZMQ_RCVMORE))
                TU_ASSERT(zmq_recv(router, body, sizeof body, 0) >= 0);
            continue;
        }
        if (il == 4 && memcmp(id, "good", 4) == 0 && bl == (int)ml &&
            memcmp(body, msg, ml) == 0)
            break;
    }
    TU_EQ_INT(zmq_send(router, "good", 4, ZMQ_SNDMORE), 4);
    tu_send_str(router, msg, 0);
    tu_recv_str(dealer, msg, 0);
}

/* A DEALER with routing id "good" connected to ep. */
static TU_UNUSED void *w_good_dealer(void *ctx, const char *ep)
{
    void *d = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(d, ZMQ_ROUTING_ID, "good", 4));
    TU_OK(zmq_connect(d, ep));
    return d;
}

/* A PULL bound on tcp (endpoint in ep) and a well-behaved PUSH connected to
 * it; the message "before" proves the pair works. */
static TU_UNUSED void w_pull_and_good_push(void *ctx, void **pull,
                                           void **push, char *ep,
                                           size_t eplen)
{
    *pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_tcp(*pull, ep, eplen);
    *push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_connect(*push, ep));
    tu_send_str(*push, "before", 0);
    tu_recv_str(*pull, "before", 0);
}

/* The well-behaved PUSH still gets "after" through to the PULL, and
 * nothing else is waiting there. */
static TU_UNUSED void w_good_push_after(void *push, void *pull)
{
    tu_send_str(push, "after", 0);
    tu_recv_str(pull, "after", 0);
    TU_EQ_INT(tu_drain(pull), 0);
}

/* Receives one zmq frame; checks its size, content (if want) and MORE. */
static TU_UNUSED void w_zrecv(void *s, const void *want, size_t wl, int more)
{
    zmq_msg_t m;
    TU_OK(zmq_msg_init(&m));
    TU_ASSERT_MSG(zmq_msg_recv(&m, s, 0) >= 0, "zmq_msg_recv: %s",
                  zmq_strerror(zmq_errno()));
    TU_ASSERT_MSG(zmq_msg_size(&m) == wl, "frame of %zu bytes, expected %zu",
                  zmq_msg_size(&m), wl);
    if (want)
        TU_ASSERT_MSG(memcmp(zmq_msg_data(&m), want, wl) == 0,
                      "frame content differs");
    TU_EQ_INT(zmq_msg_more(&m), more);
    TU_OK(zmq_msg_close(&m));
}

/* ---- a plain TCP peer (no ZMTP: STREAM's raw peer) ----------------------
 * Blocking fds without socket timeouts; every wait is a bounded poll. */

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
    return nu_tcp_listen(port);
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

/* ---- the STREAM socket side of such a peer ---- */

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

#endif /* FERROMQ_RAWZMTP_H */
