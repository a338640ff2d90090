/* RADIO/DISH on the wire, byte for byte, against a raw ZMTP peer (plain
 * BSD sockets): a DISH sends JOIN and LEAVE as commands ("\4JOIN" /
 * "\5LEAVE" + group), takes a RADIO's message as a group frame with MORE
 * then the body, and drops a peer whose group frame lacks MORE or is over
 * 255 bytes. A RADIO sends a joined group's messages as group frame +
 * body. On ferromq a JOIN with a 256-byte group drops that peer and the
 * RADIO carries on (libzmq 4.3.5 aborts the process there). */
#include "rd_util.h"

#include <poll.h>
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

static int raw_peer(const char *ep, const char *type)
{
    unsigned char g[64], buf[128];
    int fd = w_connect(ep);
    w_greeting(g, 3, 1, "NULL");
    w_send(fd, g, sizeof g);
    w_read_greeting(fd);
    w_send(fd, buf, w_ready(buf, type));
    w_read_ready(fd);
    return fd;
}

/* The socket attaches a new connection's pipe (and a DISH sends its
 * joins) when its thread next calls into the library: do so until the raw
 * peer has something to read. */
static void pump(int fd, void *s)
{
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    struct pollfd p;
    int ev;
    size_t sz = sizeof ev;
    p.fd = fd;
    p.events = POLLIN;
    do {
        TU_ASSERT_MSG(tu_now_ms() < deadline, "nothing from the zmq side");
        TU_OK(zmq_getsockopt(s, ZMQ_EVENTS, &ev, &sz));
        p.revents = 0;
    } while (poll(&p, 1, 20) <= 0);
}

static void expect_frame(int fd, int flags, const char *bytes, size_t n)
{
    unsigned char body[512];
    size_t len;
    int f = w_read_frame(fd, body, sizeof body, &len);
    TU_ASSERT_MSG(f == flags && len == n && memcmp(body, bytes, n) == 0,
                  "frame flags %02x len %zu, want %02x len %zu", f, len, flags, n);
}

int main(void)
{
    char ep[64];
    unsigned char big[300];
    void *ctx, *dish, *radio;
    int fd;
    TU_START();
    ctx = tu_ctx();

    /* ---- our DISH, a raw RADIO ---- */
    dish = tu_socket(ctx, ZMQ_DISH);
    tu_bind_tcp(dish, ep, sizeof ep);
    TU_OK(zmq_join(dish, "g"));
    fd = raw_peer(ep, "RADIO");
    pump(fd, dish);
    expect_frame(fd, 0x04, "\4JOINg", 6);
    w_send(fd, "\x01\x01g\x00\x02hi", 7);
    rd_expect(dish, "g", "hi");
    TU_OK(zmq_leave(dish, "g"));
    expect_frame(fd, 0x04, "\5LEAVEg", 7);
    TU_OK(zmq_join(dish, "g"));
    expect_frame(fd, 0x04, "\4JOINg", 6);
    /* a group frame without MORE: the connection goes */
    w_send(fd, "\x00\x01g", 3);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS), "peer kept after a lone group frame");
    close(fd);
    /* a 256-byte group frame: the connection goes */
    fd = raw_peer(ep, "RADIO");
    pump(fd, dish);
    expect_frame(fd, 0x04, "\4JOINg", 6);
    big[0] = 0x03; /* MORE | LONG */
    memset(big + 1, 0, 8);
    big[7] = 1; /* 256 */
    memset(big + 9, 'g', 256);
    w_send(fd, big, 9 + 256);
    w_send(fd, "\x00\x01x", 3);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS), "peer kept after a 256-byte group");
    close(fd);
    rd_expect_none(dish);
    TU_OK(zmq_close(dish));

    /* ---- our RADIO, raw DISHes ---- */
    radio = tu_socket(ctx, ZMQ_RADIO);
    tu_bind_tcp(radio, ep, sizeof ep);
    if (tu_lib_is_ferromq()) {
        fd = raw_peer(ep, "DISH");
        big[0] = 0x06; /* COMMAND | LONG */
        memset(big + 1, 0, 8);
        big[7] = 1; /* "\4JOIN" + 256 bytes = 261 = 0x105 */
        big[8] = 5;
        memcpy(big + 9, "\4JOIN", 5);
        memset(big + 14, 'g', 256);
        w_send(fd, big, 9 + 261);
        TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS), "peer kept after a 256-byte JOIN");
        close(fd);
    }
    fd = raw_peer(ep, "DISH");
    w_send(fd, "\x04\x06\4JOINg", 8);
    {
        int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
        struct pollfd p;
        p.fd = fd;
        p.events = POLLIN;
        do {
            TU_ASSERT_MSG(tu_now_ms() < deadline, "nothing from the RADIO");
            rd_send(radio, "other", "not joined");
            rd_send(radio, "g", "x");
            p.revents = 0;
        } while (poll(&p, 1, 20) <= 0);
    }
    expect_frame(fd, 0x01, "g", 1);
    expect_frame(fd, 0x00, "x", 1);
    close(fd);
    TU_OK(zmq_close(radio));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
