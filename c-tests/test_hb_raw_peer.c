/* ZMTP 3.1 heartbeats against a raw tcp peer (plain BSD sockets):
 * ZMQ_HEARTBEAT_IVL sends PINGs advertising ZMQ_HEARTBEAT_TTL (in
 * deciseconds, no context); a peer silent for ZMQ_HEARTBEAT_TIMEOUT
 * (default: the interval) after a PING is dropped (DISCONNECTED; the
 * connect side reconnects); anything from the peer keeps the connection;
 * a peer's PING is answered with a PONG echoing its context, and its TTL
 * makes us drop the peer when it then stays silent, unless something else
 * arrives first.  Timing bounds are one-sided (never sooner than the
 * timeout) and generous. */
#include "testutil.h"
#include "rawzmtp.h"

/* Reads frames from the zmq side until a command; returns its body length
 * (body in body).  Message frames before it are skipped. */
static size_t next_command(int fd, unsigned char *body, size_t cap)
{
    size_t len;
    for (;;) {
        int flags = w_read_frame(fd, body, cap, &len);
        if (flags & 0x04)
            return len;
    }
}

static void *hb_server(void *ctx, int ivl, int ttl, int timeout, char *ep,
                       size_t eplen, void **mon)
{
    void *srv = tu_socket(ctx, ZMQ_DEALER);
    if (ivl >= 0)
        tu_set_int(srv, ZMQ_HEARTBEAT_IVL, ivl);
    if (ttl >= 0)
        tu_set_int(srv, ZMQ_HEARTBEAT_TTL, ttl);
    if (timeout >= 0)
        tu_set_int(srv, ZMQ_HEARTBEAT_TIMEOUT, timeout);
    *mon = nu_mon_start(ctx, srv, ZMQ_EVENT_ALL);
    tu_bind_any(srv, "tcp", ep, eplen);
    nu_mon_expect(*mon, ZMQ_EVENT_LISTENING, ep);
    return srv;
}

static void hb_server_done(void *srv, void *mon)
{
    TU_OK(zmq_socket_monitor(srv, NULL, 0));
    TU_OK(zmq_close(mon));
    TU_OK(zmq_close(srv));
}

/* The raw peer handshakes; the server reports ACCEPTED and
 * HANDSHAKE_SUCCEEDED. Returns the fd ACCEPTED reported. */
static uint32_t raw_join(int fd, void *mon, const char *ep)
{
    uint32_t sfd;
    w_handshake(fd, "DEALER");
    sfd = nu_mon_expect(mon, ZMQ_EVENT_ACCEPTED, ep);
    nu_mon_expect(mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);
    return sfd;
}

/* HEARTBEAT_IVL 100, TTL 2500 ms, TIMEOUT 300: PINGs carry TTL 25
 * (deciseconds) and no context; a peer that stays silent after one is
 * dropped (DISCONNECTED, connection closed) no sooner than the timeout. */
static void test_ping_then_silence(void *ctx)
{
    void *srv, *mon;
    char ep[256];
    unsigned char body[256];
    size_t len;
    uint32_t sfd;
    int fd;
    int64_t t_ping, took;
    srv = hb_server(ctx, 100, 2500, 300, ep, sizeof ep, &mon);
    TU_EQ_INT(tu_get_int(srv, ZMQ_HEARTBEAT_TTL), 2500);
    fd = w_connect(ep);
    sfd = raw_join(fd, mon, ep);
    len = next_command(fd, body, sizeof body);
    t_ping = tu_now_ms();
    TU_EQ_INT(len, 7);
    TU_ASSERT_MSG(memcmp(body, "\x04PING\x00\x19", 7) == 0,
                  "PING body %02x %02x", body[5], body[6]);
    TU_EQ_INT(nu_mon_expect(mon, ZMQ_EVENT_DISCONNECTED, ep), sfd);
    took = tu_now_ms() - t_ping;
    printf("silent peer dropped %lld ms after the PING (timeout 300)\n",
           (long long)took);
    TU_ASSERT_MSG(took >= 250, "dropped after %lld ms", (long long)took);
    TU_ASSERT(w_wait_closed(fd, TU_TIMEOUT_MS));
    close(fd);
    hb_server_done(srv, mon);
}

/* HEARTBEAT_TIMEOUT defaults to the interval; TTL defaults to 0. */
static void test_defaults(void *ctx)
{
    void *srv, *mon;
    char ep[256];
    unsigned char body[256];
    size_t len;
    uint32_t sfd;
    int fd;
    int64_t t_ping, took;
    srv = hb_server(ctx, 200, -1, -1, ep, sizeof ep, &mon);
    TU_EQ_INT(tu_get_int(srv, ZMQ_HEARTBEAT_TIMEOUT), -1);
    fd = w_connect(ep);
    sfd = raw_join(fd, mon, ep);
    len = next_command(fd, body, sizeof body);
    t_ping = tu_now_ms();
    TU_EQ_INT(len, 7);
    TU_ASSERT(memcmp(body, "\x04PING\x00\x00", 7) == 0);
    TU_EQ_INT(nu_mon_expect(mon, ZMQ_EVENT_DISCONNECTED, ep), sfd);
    took = tu_now_ms() - t_ping;
    printf("default timeout: dropped %lld ms after the PING (ivl 200)\n",
           (long long)took);
    TU_ASSERT_MSG(took >= 150, "dropped after %lld ms", (long long)took);
    close(fd);
    hb_server_done(srv, mon);
}

/* Data from the peer keeps the connection alive although it never answers
 * a PING (IVL 200, TIMEOUT 1000, a message every 100 ms for 2.5 s); once
 * it goes silent it is dropped. */
static void test_data_keeps_alive(void *ctx)
{
    void *srv, *mon;
    char ep[256];
    uint32_t sfd;
    int fd, i, got = 0;
    srv = hb_server(ctx, 200, -1, 1000, ep, sizeof ep, &mon);
    tu_set_int(srv, ZMQ_RCVTIMEO, 0);
    fd = w_connect(ep);
    sfd = raw_join(fd, mon, ep);
    for (i = 0; i < 25; i++) {
        unsigned char f[3] = {0x00, 0x01, 'd'};
        char b[8];
        w_send(fd, f, sizeof f);
        tu_sleep_ms(100);
        while (zmq_recv(srv, b, sizeof b, 0) == 1)
            got++;
    }
    nu_mon_expect_none(mon, 0);
    TU_ASSERT_MSG(got >= 20, "received %d of 25", got);
    TU_EQ_INT(nu_mon_expect(mon, ZMQ_EVENT_DISCONNECTED, ep), sfd);
    close(fd);
    hb_server_done(srv, mon);
}

/* A peer's PING with TTL 5 (500 ms): answered with a PONG echoing its
 * context; when the peer then stays silent we drop it (no heartbeat
 * options on our side), no sooner than the TTL. */
static void test_peer_ttl(void *ctx)
{
    void *srv, *mon;
    char ep[256];
    unsigned char cmd[64], body[256];
    size_t n, len;
    uint32_t sfd;
    int fd;
    int64_t t0, took;
    srv = hb_server(ctx, -1, -1, -1, ep, sizeof ep, &mon);
    fd = w_connect(ep);
    sfd = raw_join(fd, mon, ep);
    n = w_command(cmd, "PING", "\x00\x05" "ctx", 5);
    t0 = tu_now_ms();
    w_send(fd, cmd, n);
    len = next_command(fd, body, sizeof body);
    TU_EQ_INT(len, 8);
    TU_ASSERT(memcmp(body, "\x04PONGctx", 8) == 0);
    TU_EQ_INT(nu_mon_expect(mon, ZMQ_EVENT_DISCONNECTED, ep), sfd);
    took = tu_now_ms() - t0;
    printf("peer TTL 500 ms: dropped %lld ms after its PING\n",
           (long long)took);
    TU_ASSERT_MSG(took >= 450, "dropped after %lld ms", (long long)took);
    TU_ASSERT(w_wait_closed(fd, TU_TIMEOUT_MS));
    close(fd);
    hb_server_done(srv, mon);
}

/* Anything arriving after the PING disarms its TTL (libzmq cancels the
 * timer on every message): PING TTL 3, then one message, then silence:
 * the connection stays. */
static void test_peer_ttl_disarmed(void *ctx)
{
    void *srv, *mon;
    char ep[256], b[8];
    unsigned char cmd[64], body[256];
    unsigned char f[3] = {0x00, 0x01, 'd'};
    size_t n;
    int fd;
    srv = hb_server(ctx, -1, -1, -1, ep, sizeof ep, &mon);
    tu_set_int(srv, ZMQ_RCVTIMEO, TU_TIMEOUT_MS);
    fd = w_connect(ep);
    raw_join(fd, mon, ep);
    n = w_command(cmd, "PING", "\x00\x03", 2);
    w_send(fd, cmd, n);
    TU_EQ_INT(next_command(fd, body, sizeof body), 5);
    w_send(fd, f, sizeof f);
    TU_EQ_INT(zmq_recv(srv, b, sizeof b, 0), 1);
    nu_mon_expect_none(mon, 1000);
    close(fd);
    nu_mon_expect(mon, ZMQ_EVENT_DISCONNECTED, ep);
    hb_server_done(srv, mon);
}

/* The connect side: a silent server is dropped and reconnected to. */
static void test_connect_side_reconnects(void *ctx)
{
    void *cli, *mon;
    int lfd, fd, one = 1;
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    char ep[64];
    unsigned char body[256];
    /* a raw listener */
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    TU_ASSERT(lfd >= 0);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    TU_ASSERT(bind(lfd, (struct sockaddr *)&a, sizeof a) == 0);
    TU_ASSERT(listen(lfd, 4) == 0);
    TU_ASSERT(getsockname(lfd, (struct sockaddr *)&a, &al) == 0);
    snprintf(ep, sizeof ep, "tcp://127.0.0.1:%d", ntohs(a.sin_port));

    cli = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(cli, ZMQ_HEARTBEAT_IVL, 100);
    tu_set_int(cli, ZMQ_HEARTBEAT_TIMEOUT, 200);
    tu_set_int(cli, ZMQ_RECONNECT_IVL, 50);
    tu_set_int(cli, ZMQ_LINGER, 0);
    mon = nu_mon_start(ctx, cli, ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_CONNECTED |
                                  ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    TU_OK(zmq_connect(cli, ep));
    fd = accept(lfd, NULL, NULL);
    TU_ASSERT(fd >= 0);
    {
        struct timeval tv = {5, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    w_handshake(fd, "DEALER");
    nu_mon_expect(mon, ZMQ_EVENT_CONNECTED, ep);
    nu_mon_expect(mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);
    TU_EQ_INT(next_command(fd, body, sizeof body), 7);
    TU_ASSERT(memcmp(body, "\x04PING", 5) == 0);
    nu_mon_expect(mon, ZMQ_EVENT_DISCONNECTED, ep);
    /* it connects again */
    close(fd);
    fd = accept(lfd, NULL, NULL);
    TU_ASSERT(fd >= 0);
    nu_mon_expect(mon, ZMQ_EVENT_CONNECTED, ep);
    close(fd);
    close(lfd);
    TU_OK(zmq_socket_monitor(cli, NULL, 0));
    TU_OK(zmq_close(mon));
    TU_OK(zmq_close(cli));
}

int main(void)
{
    void *ctx;
    TU_START();
    ctx = tu_ctx();
    test_ping_then_silence(ctx);
    test_defaults(ctx);
    test_data_keeps_alive(ctx);
    test_peer_ttl(ctx);
    test_peer_ttl_disarmed(ctx);
    test_connect_side_reconnects(ctx);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
