/* A multipart message arriving from the wire on a single-part DRAFT type
 * is dropped whole, as libzmq does: a raw ZMTP peer (plain BSD sockets)
 * posing as CLIENT, SCATTER or CHANNEL sends two multipart messages
 * between single-part ones to a SERVER, a GATHER and a CHANNEL; only the
 * single-part messages are received, in order. */
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>

/* ---- a raw ZMTP peer (as in test_hb_raw_peer.c) ---- */
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



/* A data frame (short form) with or without MORE. */
static void w_frame(int fd, const char *body, int more)
{
    unsigned char h[2];
    h[0] = more ? 0x01 : 0x00;
    h[1] = (unsigned char)strlen(body);
    w_send(fd, h, 2);
    w_send(fd, body, strlen(body));
}

static void run(void *ctx, int type, const char *peer_type)
{
    char ep[256];
    void *s = tu_socket(ctx, type);
    int fd;
    tu_bind_any(s, "tcp", ep, sizeof ep);
    fd = w_connect(ep);
    w_handshake(fd, peer_type);
    w_frame(fd, "one", 0);
    w_frame(fd, "m1", 1);
    w_frame(fd, "m2", 0);
    w_frame(fd, "two", 0);
    w_frame(fd, "n1", 1);
    w_frame(fd, "n2", 1);
    w_frame(fd, "n3", 0);
    w_frame(fd, "three", 0);
    tu_recv_str(s, "one", 0);
    tu_recv_str(s, "two", 0);
    tu_recv_str(s, "three", 0);
    TU_EQ_INT(tu_wait_readable(s, 0), 0);
    close(fd);
    TU_OK(zmq_close(s));
}

int main(void)
{
    void *ctx;
    TU_START();
    ctx = tu_ctx();
    run(ctx, ZMQ_SERVER, "CLIENT");
    run(ctx, ZMQ_GATHER, "SCATTER");
    run(ctx, ZMQ_CHANNEL, "CHANNEL");
    run(ctx, ZMQ_PEER, "PEER");
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
