/*
 * test_wire_zmtp20_peer.c - a raw TCP peer speaks ZMTP 2.0 (RFC 15) to a
 * libzmq/ferromq socket, as JeroMQ 0.3 and libzmq 3.x do.  libzmq 4.3
 * answers a signature with revision 0x01 with its own signature, revision
 * 3 and its socket type (a 12-byte greeting), then both sides send an
 * identity frame and use ZMTP 2.0 framing: flags (MORE 0x01, LONG 0x02)
 * and a 1- or 8-byte size; subscriptions travel as messages (\x01topic).
 * Checked here:
 *   - ROUTER bound, raw DEALER: greetings, identity "raw2" becomes the
 *     routing id, multipart and long (8-byte size) frames both ways, a
 *     ZMTP 2.0 command frame is dropped, messages carry no metadata (no
 *     Peer-Address, no Socket-Type, no ZMQ_SRCFD), and the monitor shows
 *     no HANDSHAKE_SUCCEEDED;
 *   - PUB bound, raw SUB: its subscription message filters;
 *   - SUB connecting to a raw PUB: the SUB sends its subscription as the
 *     message \x01topic after its identity frame;
 *   - security: a PLAIN server, and a NULL socket with a ZAP domain, close
 *     the connection of a ZMTP 2.0 peer and deliver nothing (libzmq's
 *     zap_enabled rule);
 *   - a frame over ZMQ_MAXMSGSIZE, and a size no memory can hold, cost only
 *     that connection: a well-behaved PUSH peer keeps being served.
 */
#include "testutil.h"
#include "rawzmtp.h"

/* A ZMTP 2.0 greeting: signature (identity length id_len), revision 1,
 * socket type. */
static void v2_greeting(int fd, size_t id_len, int type)
{
    unsigned char g[12] = {0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0x7F, 0x01, 0};
    g[8] = (unsigned char)(id_len + 1);
    g[11] = (unsigned char)type;
    w_send(fd, g, sizeof g);
}

/* Sends one ZMTP 2.0 frame. */
static void v2_send(int fd, int flags, const void *data, size_t len)
{
    unsigned char h[9];
    size_t hl;
    int i;
    if (len > 255) {
        h[0] = (unsigned char)(flags | 0x02);
        for (i = 0; i < 8; i++)
            h[1 + i] = (unsigned char)((uint64_t)len >> (56 - 8 * i));
        hl = 9;
    } else {
        h[0] = (unsigned char)flags;
        h[1] = (unsigned char)len;
        hl = 2;
    }
    w_send(fd, h, hl);
    if (len)
        w_send(fd, data, len);
}

/* Reads the zmq side's 12-byte greeting (routing id length id_len, socket
 * type type) and its identity frame, which must be id. */
static void v2_read_greeting(int fd, const char *id, int type)
{
    unsigned char rt[2], body[256];
    size_t len;
    w_read_signature(fd, strlen(id));
    w_recv_exact(fd, rt, 2);
    TU_ASSERT_MSG(rt[0] == 3 && rt[1] == type,
                  "revision %d socket type %d, expected 3 and %d", rt[0],
                  rt[1], type);
    TU_EQ_INT(w_read_frame(fd, body, sizeof body, &len), 0);
    TU_ASSERT(len == strlen(id) && memcmp(body, id, len) == 0);
}

static unsigned char *pattern(size_t n, int seed)
{
    unsigned char *p = malloc(n);
    size_t i;
    TU_ASSERT(p != NULL);
    for (i = 0; i < n; i++)
        p[i] = (unsigned char)(i * 31 + (size_t)seed);
    return p;
}

static void router_dealer(void *ctx)
{
    void *router, *mon;
    char ep[256];
    unsigned char body[70000];
    unsigned char *big = pattern(70000, 7), *mid = pattern(300, 3);
    size_t len;
    int fd, ev, saw_accepted = 0, saw_failed = 0, saw_disconnected = 0;
    zmq_msg_t m;

    router = tu_socket(ctx, ZMQ_ROUTER);
    mon = nu_mon_start(ctx, router, ZMQ_EVENT_ALL);
    tu_bind_tcp(router, ep, sizeof ep);
    fd = w_connect(ep);
    v2_greeting(fd, 4, ZMQ_DEALER);
    v2_read_greeting(fd, "", ZMQ_ROUTER);
    v2_send(fd, 0, "raw2", 4); /* identity */

    /* multipart in */
    v2_send(fd, 0x01, "hello", 5);
    v2_send(fd, 0x00, "world", 5);
    tu_recv_str(router, "raw2", 1);
    TU_OK(zmq_msg_init(&m));
    TU_ASSERT(zmq_msg_recv(&m, router, 0) == 5);
    TU_ASSERT(memcmp(zmq_msg_data(&m), "hello", 5) == 0 && zmq_msg_more(&m));
    /* libzmq attaches no metadata to an old peer's messages */
    TU_ASSERT(zmq_msg_gets(&m, "Peer-Address") == NULL);
    TU_ASSERT(zmq_msg_gets(&m, "Socket-Type") == NULL);
    TU_EQ_INT(zmq_msg_get(&m, ZMQ_SRCFD), -1);
    TU_OK(zmq_msg_close(&m));
    tu_recv_str(router, "world", 0);

    /* long frame in */
    v2_send(fd, 0x00, big, 70000);
    tu_recv_str(router, "raw2", 1);
    w_zrecv(router, big, 70000, 0);

    /* multipart and long frames out */
    TU_EQ_INT(zmq_send(router, "raw2", 4, ZMQ_SNDMORE), 4);
    TU_EQ_INT(zmq_send(router, "back", 4, ZMQ_SNDMORE), 4);
    TU_EQ_INT(zmq_send(router, mid, 300, 0), 300);
    TU_EQ_INT(w_read_frame(fd, body, sizeof body, &len), 0x01);
    TU_ASSERT(len == 4 && memcmp(body, "back", 4) == 0);
    TU_EQ_INT(w_read_frame(fd, body, sizeof body, &len), 0x02);
    TU_ASSERT(len == 300 && memcmp(body, mid, 300) == 0);
    TU_EQ_INT(zmq_send(router, "raw2", 4, ZMQ_SNDMORE), 4);
    TU_EQ_INT(zmq_send(router, big, 70000, 0), 70000);
    TU_EQ_INT(w_read_frame(fd, body, sizeof body, &len), 0x02);
    TU_ASSERT(len == 70000 && memcmp(body, big, 70000) == 0);
    TU_EQ_INT(zmq_send(router, "raw2", 4, ZMQ_SNDMORE), 4);
    TU_EQ_INT(zmq_send(router, "", 0, 0), 0);
    TU_EQ_INT(w_read_frame(fd, body, sizeof body, &len), 0x00);
    TU_EQ_INT((int)len, 0);

    /* a command frame (flag 0x04) is dropped, the connection kept */
    v2_send(fd, 0x04, "\x04PING\x00\x00", 7);
    v2_send(fd, 0x00, "end", 3);
    tu_recv_str(router, "raw2", 1);
    tu_recv_str(router, "end", 0);

    close(fd);
    /* LISTENING, ACCEPTED, never HANDSHAKE_SUCCEEDED; once the peer is
     * gone libzmq reports HANDSHAKE_FAILED_NO_DETAIL (its engine for an old
     * peer has no mechanism, so a lost connection counts as a failed
     * handshake) and DISCONNECTED */
    while ((ev = nu_mon_next(mon, saw_disconnected ? 200 : TU_TIMEOUT_MS)) !=
           -1) {
        fprintf(stderr, "note: monitor event 0x%x\n", ev);
        TU_ASSERT_MSG(ev != ZMQ_EVENT_HANDSHAKE_SUCCEEDED,
                      "HANDSHAKE_SUCCEEDED for a ZMTP 2.0 peer");
        if (ev == ZMQ_EVENT_ACCEPTED)
            saw_accepted = 1;
        if (ev == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL)
            saw_failed = 1;
        if (ev == ZMQ_EVENT_DISCONNECTED)
            saw_disconnected = 1;
    }
    TU_ASSERT(saw_accepted && saw_failed && saw_disconnected);
    free(big);
    free(mid);
    /* stop monitoring first: libzmq blocks its I/O thread on a monitor
     * whose reader is gone */
    TU_OK(zmq_socket_monitor(router, NULL, 0));
    TU_OK(zmq_close(mon));
    TU_OK(zmq_close(router));
}

static void pub_raw_sub(void *ctx)
{
    void *pub = tu_socket(ctx, ZMQ_PUB);
    char ep[256];
    unsigned char body[256];
    size_t len;
    int fd, got = 0;
    int64_t deadline;

    tu_bind_tcp(pub, ep, sizeof ep);
    fd = w_connect(ep);
    v2_greeting(fd, 0, ZMQ_SUB);
    v2_read_greeting(fd, "", ZMQ_PUB);
    v2_send(fd, 0, "", 0);
    v2_send(fd, 0, "\x01topic", 6);
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    while (!got) {
        TU_ASSERT_MSG(tu_now_ms() < deadline, "nothing published reached "
                                              "the ZMTP 2.0 subscriber");
        tu_send_str(pub, "other", 0);
        tu_send_str(pub, "topic-1", 0);
        if (w_readable(fd, 20)) {
            TU_EQ_INT(w_read_frame(fd, body, sizeof body, &len), 0);
            TU_ASSERT_MSG(len == 7 && memcmp(body, "topic-1", 7) == 0,
                          "the subscription did not filter");
            got = 1;
        }
    }
    close(fd);
    TU_OK(zmq_close(pub));
}

static void sub_to_raw_pub(void *ctx)
{
    void *sub = tu_socket(ctx, ZMQ_SUB);
    char ep[256];
    unsigned char body[256];
    size_t len;
    int lfd, fd;

    lfd = w_listen(ep, sizeof ep);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "topic", 5));
    TU_OK(zmq_connect(sub, ep));
    fd = w_accept(lfd);
    v2_greeting(fd, 0, ZMQ_PUB);
    v2_read_greeting(fd, "", ZMQ_SUB);
    v2_send(fd, 0, "", 0);
    TU_EQ_INT(w_read_frame(fd, body, sizeof body, &len), 0);
    TU_ASSERT_MSG(len == 6 && memcmp(body, "\x01topic", 6) == 0,
                  "expected the subscription as a message \\x01topic");
    v2_send(fd, 0, "other", 5);
    v2_send(fd, 0, "topic-2", 7);
    tu_recv_str(sub, "topic-2", 0);
    close(fd);
    close(lfd);
    TU_OK(zmq_close(sub));
}

/* A ZMTP 2.0 peer of a socket with security enabled: closed, nothing
 * delivered. */
static void refused(void *ctx, int plain_server, const char *zap_domain)
{
    void *pull = tu_socket(ctx, ZMQ_PULL);
    char ep[256];
    int fd;
    if (plain_server)
        tu_set_int(pull, ZMQ_PLAIN_SERVER, 1);
    if (zap_domain)
        TU_OK(zmq_setsockopt(pull, ZMQ_ZAP_DOMAIN, zap_domain,
                             strlen(zap_domain)));
    tu_bind_tcp(pull, ep, sizeof ep);
    fd = w_connect(ep);
    /* the zmq side may close before all of it is sent */
    (void)w_send_try(fd, "\xFF\0\0\0\0\0\0\0\x01\x7F\x01\x08"
                         "\x00\x00\x00\x06sneaky", 20);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "ZMTP 2.0 peer not refused (plain %d, domain %s)",
                  plain_server, zap_domain ? zap_domain : "-");
    close(fd);
    TU_EQ_INT(tu_wait_readable(pull, 100), 0);
    TU_OK(zmq_close(pull));
}

/* A frame the PULL cannot take costs only that connection. */
static void malformed(void *ctx, int maxmsgsize)
{
    void *pull = tu_socket(ctx, ZMQ_PULL), *push;
    char ep[256];
    int fd;
    static const unsigned char huge[9] = {0x02, 0x7F, 0xFF, 0xFF, 0xFF,
                                          0xFF, 0xFF, 0xFF, 0xF0};
    if (maxmsgsize >= 0)
        TU_OK(zmq_setsockopt(pull, ZMQ_MAXMSGSIZE, &(int64_t){maxmsgsize},
                             sizeof(int64_t)));
    tu_bind_tcp(pull, ep, sizeof ep);
    push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "before", 0);
    tu_recv_str(pull, "before", 0);

    fd = w_connect(ep);
    v2_greeting(fd, 0, ZMQ_PUSH);
    v2_send(fd, 0, "", 0);
    v2_send(fd, 0, "ok1", 3);
    w_recv_until(pull, "ok1");
    if (maxmsgsize >= 0) {
        unsigned char *b = pattern((size_t)maxmsgsize + 1, 1);
        (void)w_send_try(fd, "\x02\0\0\0\0\0\0", 7);
        (void)w_send_try(fd, (unsigned char[]){
                                 (unsigned char)((maxmsgsize + 1) >> 8),
                                 (unsigned char)(maxmsgsize + 1)}, 2);
        (void)w_send_try(fd, b, (size_t)maxmsgsize + 1);
        free(b);
    } else {
        (void)w_send_try(fd, huge, sizeof huge);
        (void)w_send_try(fd, "0123456789", 10);
    }
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "connection kept after a bad ZMTP 2.0 frame");
    close(fd);
    tu_send_str(push, "after", 0);
    w_recv_until(pull, "after");
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
}

int main(void)
{
    void *ctx;
    TU_START();
    ctx = tu_ctx();
    fprintf(stderr, "note: %s\n", "router_dealer(ctx);");
    router_dealer(ctx);
    fprintf(stderr, "note: %s\n", "pub_raw_sub(ctx);");
    pub_raw_sub(ctx);
    fprintf(stderr, "note: %s\n", "sub_to_raw_pub(ctx);");
    sub_to_raw_pub(ctx);
    fprintf(stderr, "note: %s\n", "refused(ctx, 1, NULL);");
    refused(ctx, 1, NULL);
    fprintf(stderr, "note: %s\n", "refused(ctx, 0, \"global\");");
    refused(ctx, 0, "global");
    fprintf(stderr, "note: %s\n", "malformed(ctx, 1000);");
    malformed(ctx, 1000);
    fprintf(stderr, "note: %s\n", "malformed(ctx, -1);");
    malformed(ctx, -1);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
