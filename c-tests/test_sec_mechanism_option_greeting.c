/* ZMQ_MECHANISM follows the security options, and the greeting on the
 * wire announces the same mechanism.
 *
 * libzmq 4.3.4: ZMQ_MECHANISM reads ZMQ_NULL (0) on a new socket,
 * ZMQ_PLAIN (1) after ZMQ_PLAIN_SERVER=1 and after ZMQ_PLAIN_USERNAME or
 * ZMQ_PLAIN_PASSWORD, ZMQ_NULL again after ZMQ_PLAIN_SERVER=0 or
 * PLAIN_USERNAME/PASSWORD set to (NULL, 0); with CURVE built in, ZMQ_CURVE
 * (2) after ZMQ_CURVE_SERVER=1, after any of the three CURVE keys, and
 * ZMQ_NULL after ZMQ_CURVE_SERVER=0.  The last option set wins (PLAIN then
 * CURVE_SERVERKEY reads CURVE).  ZMQ_PLAIN_SERVER / ZMQ_CURVE_SERVER read 1
 * only while that mechanism is the current one and the socket is a server.
 *
 * On the wire: a raw TCP client sends a ZMTP 3.0 greeting and reads the
 * bound socket's 64-byte greeting (version 3.1): mechanism "PLAIN" for a
 * PLAIN server, "CURVE" for a CURVE server, "NULL" for a default socket.
 * Unlike RFC 23, libzmq 4.3.4 never sets the as-server byte (offset 32):
 * it is 0 even for PLAIN and CURVE servers, like the whole 31-byte filler
 * after it (zmtp_engine.cpp writes 32 zero bytes).  The real library wins:
 * the test asserts 0. */
#include "testutil.h"

/* ---- a raw ZMTP peer over plain BSD sockets (no zmq) -------------------
 * Every call is bounded: SO_RCVTIMEO/SO_SNDTIMEO on the socket, deadlines
 * in the loops. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>

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
 * or fails with ECONNRESET.  Bytes the zmq side sent first are read and
 * dropped.  1 = closed, 0 = still open at the end. */
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

/* A 64-byte ZMTP 3.0 greeting with the given mechanism and as-server. */
static TU_UNUSED void w_greeting(unsigned char g[64], const char *mechanism,
                                 int as_server)
{
    memset(g, 0, 64);
    g[0] = 0xFF;
    g[8] = 0x01;
    g[9] = 0x7F;
    g[10] = 3;
    g[11] = 0;
    memcpy(g + 12, mechanism, strlen(mechanism) < 20 ? strlen(mechanism) : 20);
    g[32] = (unsigned char)as_server;
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

/* Reads one whole frame; returns its flags, body in body (at most cap
 * bytes), body length in *len. */
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

static int mechanism(void *s)
{
    return tu_get_int(s, ZMQ_MECHANISM);
}

/* Bind s, connect a raw client, send a greeting with `mine`, read the
 * socket's greeting and check its mechanism and as-server byte. */
static void check_wire(void *s, const char *mine, const char *want)
{
    int i;
    char ep[256];
    unsigned char g[64], w[20];
    int fd;
    tu_bind_tcp(s, ep, sizeof ep);
    fd = w_connect(ep);
    w_greeting(g, mine, 0);
    w_send(fd, g, sizeof g);
    w_recv_exact(fd, g, sizeof g);
    TU_ASSERT_MSG(g[0] == 0xFF && g[9] == 0x7F && g[10] == 3,
                  "not a ZMTP 3 greeting: %02x .. %02x %02x", g[0], g[9],
                  g[10]);
    memset(w, 0, sizeof w);
    memcpy(w, want, strlen(want));
    TU_ASSERT_MSG(memcmp(g + 12, w, 20) == 0, "mechanism \"%.20s\", "
                  "expected \"%s\"", (const char *)g + 12, want);
    TU_EQ_INT(g[11], 1);
    for (i = 32; i < 64; i++)
        TU_ASSERT_MSG(g[i] == 0, "greeting byte %d (as-server/filler) is "
                      "0x%02x, libzmq sends 0", i, g[i]);
    close(fd);
}

int main(void)
{
    void *ctx, *s;
    char pub[41], sec[41];
    int has_curve = zmq_has("curve");
    TU_START();
    printf("zmq_has(\"curve\") = %d\n", has_curve);

    ctx = tu_ctx();
    s = tu_socket(ctx, ZMQ_DEALER);
    TU_EQ_INT(mechanism(s), ZMQ_NULL);
    tu_set_int(s, ZMQ_PLAIN_SERVER, 1);
    TU_EQ_INT(mechanism(s), ZMQ_PLAIN);
    TU_EQ_INT(tu_get_int(s, ZMQ_PLAIN_SERVER), 1);
    tu_set_int(s, ZMQ_PLAIN_SERVER, 0);
    TU_EQ_INT(mechanism(s), ZMQ_NULL);
    TU_EQ_INT(tu_get_int(s, ZMQ_PLAIN_SERVER), 0);
    TU_OK(zmq_setsockopt(s, ZMQ_PLAIN_USERNAME, "user", 4));
    TU_EQ_INT(mechanism(s), ZMQ_PLAIN);
    TU_EQ_INT(tu_get_int(s, ZMQ_PLAIN_SERVER), 0);
    TU_OK(zmq_setsockopt(s, ZMQ_PLAIN_USERNAME, NULL, 0));
    TU_EQ_INT(mechanism(s), ZMQ_NULL);
    TU_OK(zmq_setsockopt(s, ZMQ_PLAIN_PASSWORD, "pw", 2));
    TU_EQ_INT(mechanism(s), ZMQ_PLAIN);
    TU_OK(zmq_setsockopt(s, ZMQ_PLAIN_PASSWORD, NULL, 0));
    TU_EQ_INT(mechanism(s), ZMQ_NULL);

    if (has_curve) {
        TU_OK(zmq_curve_keypair(pub, sec));
        tu_set_int(s, ZMQ_CURVE_SERVER, 1);
        TU_EQ_INT(mechanism(s), ZMQ_CURVE);
        TU_EQ_INT(tu_get_int(s, ZMQ_CURVE_SERVER), 1);
        TU_EQ_INT(tu_get_int(s, ZMQ_PLAIN_SERVER), 0);
        tu_set_int(s, ZMQ_CURVE_SERVER, 0);
        TU_EQ_INT(mechanism(s), ZMQ_NULL);
        TU_OK(zmq_setsockopt(s, ZMQ_PLAIN_USERNAME, "user", 4));
        TU_EQ_INT(mechanism(s), ZMQ_PLAIN);
        TU_OK(zmq_setsockopt(s, ZMQ_CURVE_SERVERKEY, pub, 40));
        TU_EQ_INT(mechanism(s), ZMQ_CURVE);
        TU_EQ_INT(tu_get_int(s, ZMQ_CURVE_SERVER), 0);
        tu_set_int(s, ZMQ_CURVE_SERVER, 0);
        TU_EQ_INT(mechanism(s), ZMQ_NULL);
        TU_OK(zmq_setsockopt(s, ZMQ_CURVE_PUBLICKEY, pub, 40));
        TU_EQ_INT(mechanism(s), ZMQ_CURVE);
        tu_set_int(s, ZMQ_CURVE_SERVER, 0);
        TU_OK(zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, sec, 40));
        TU_EQ_INT(mechanism(s), ZMQ_CURVE);
    }
    TU_OK(zmq_close(s));

    /* the greeting on the wire */
    s = tu_socket(ctx, ZMQ_DEALER);
    check_wire(s, "NULL", "NULL");
    TU_OK(zmq_close(s));

    s = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(s, ZMQ_PLAIN_SERVER, 1);
    check_wire(s, "PLAIN", "PLAIN");
    TU_OK(zmq_close(s));

    if (has_curve) {
        s = tu_socket(ctx, ZMQ_DEALER);
        tu_set_int(s, ZMQ_CURVE_SERVER, 1);
        TU_OK(zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, sec, 40));
        check_wire(s, "CURVE", "CURVE");
        TU_OK(zmq_close(s));
    }

    TU_OK(zmq_ctx_term(ctx));
    printf("mechanism option and greeting: ok\n");
    return 0;
}
