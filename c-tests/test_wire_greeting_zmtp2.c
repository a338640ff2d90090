/*
 * test_wire_greeting_zmtp2.c - a raw TCP peer connects to a bound PULL and
 * speaks ZMTP 2.0 (RFC 15): signature with revision 0x01, socket type PUSH,
 * an empty identity frame and one message, then shuts down its sending
 * side.  libzmq 4.3 and ferromq both fall back to ZMTP 2.0 and may deliver
 * that message (test_wire_zmtp20_peer.c checks the exchange itself).  Both
 * must close the connection once the peer has gone, and keep serving their
 * well-behaved PUSH peer, which is all this test asserts.
 */
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>

/* ---- a raw ZMTP peer over plain BSD sockets (no zmq) -------------------
 * Every call is bounded: SO_RCVTIMEO/SO_SNDTIMEO on the socket, deadlines
 * in the loops.  Wire layouts: API-CHECKLIST.md 7b-7d, RFC 23/37. */
#define W_IO_MS 5000

static TU_UNUSED int w_connect(const char *ep)
{
    struct sockaddr_in a;
    struct timeval tv;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    TU_ASSERT_MSG(fd >= 0, "socket: %s", strerror(errno));
    tv.tv_sec = W_IO_MS / 1000;
    tv.tv_usec = (W_IO_MS % 1000) * 1000;
    TU_ASSERT(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0);
    TU_ASSERT(setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) == 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)tu_tcp_port(ep));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    TU_ASSERT_MSG(connect(fd, (struct sockaddr *)&a, sizeof a) == 0,
                  "connect %s: %s", ep, strerror(errno));
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

/* A 64-byte ZMTP 3.x greeting (7b) with the given revision and mechanism. */
static TU_UNUSED void w_greeting(unsigned char g[64], int major, int minor,
                       const char *mechanism)
{
    memset(g, 0, 64);
    g[0] = 0xFF;
    g[8] = 0x01;
    g[9] = 0x7F;
    g[10] = (unsigned char)major;
    g[11] = (unsigned char)minor;
    memcpy(g + 12, mechanism, strlen(mechanism) < 20 ? strlen(mechanism) : 20);
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
static TU_UNUSED int w_read_frame(int fd, unsigned char *body, size_t cap, size_t *len)
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
    TU_ASSERT_MSG((flags & 0x04) && len >= 6 && memcmp(body, "\x05READY", 6) == 0,
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
/* ------------------------------------------------------------------------ */

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    int fd, dropped;
    static const unsigned char v2[] = {
        0xFF, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x7F, /* signature */
        0x01,                                   /* revision: ZMTP 2.0 */
        0x08,                                   /* socket type: PUSH */
        0x00, 0x00,                             /* empty identity frame */
        0x00, 0x05, 'v', '2', 'm', 's', 'g'};   /* one message */

    TU_START();
    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_tcp(pull, ep, sizeof ep);
    push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "before", 0);
    tu_recv_str(pull, "before", 0);

    fd = w_connect(ep);
    (void)w_send_try(fd, v2, sizeof v2);
    TU_ASSERT(shutdown(fd, SHUT_WR) == 0);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "ZMTP 2.0 connection not closed after the peer left");
    close(fd);

    tu_send_str(push, "after", 0);
    dropped = w_recv_until(pull, "after");
    fprintf(stderr, "note: %d message(s) from the ZMTP 2.0 peer delivered\n",
            dropped);
    tu_send_str(push, "after2", 0);
    (void)w_recv_until(pull, "after2"); /* the PULL fair-queues: leftovers
                                           of the other pipe may come first */

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
