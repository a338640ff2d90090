/*
 * test_wire_zmtp10_peer.c - a raw TCP peer speaks ZMTP 1.0 (RFC 13) to a
 * libzmq/ferromq socket, both as ZeroMQ 2.x does (no signature: its first
 * bytes are its identity frame) and with a signature of revision 0x00.
 * ZMTP 1.0 framing: length (1 byte, or 0xFF and 8 bytes; it counts the
 * flags byte), flags (bit 0 MORE), body.  libzmq 4.3 sends its signature
 * first; to an unversioned peer that signature is the header of its own
 * identity frame (0xFF, routing id length + 1, flags 0x7F), whose body
 * follows; to revision 0x00 it answers with revision 3 and its socket type
 * (12 bytes) and a whole identity frame.  Checked here:
 *   - unversioned REQ to a bound REP: envelopes, short and long frames
 *     both ways;
 *   - revision 0x00 DEALER to a bound ROUTER: identity "raw1" becomes the
 *     routing id, multipart, long frames, the 254/255 length boundary, only
 *     MORE of the flags counts, no metadata on its messages;
 *   - PUB bound, unversioned SUB (which sends no subscriptions): libzmq
 *     subscribes it to everything;
 *   - SUB connecting to a raw unversioned PUB: the subscription goes out
 *     as the message \x01topic;
 *   - security: a PLAIN server and a NULL socket with a ZAP domain refuse
 *     both kinds of ZMTP 1.0 peer, delivering nothing;
 *   - a length of 0 (no flags byte), also as the very first byte, and a
 *     frame over ZMQ_MAXMSGSIZE cost only that connection.
 */
#include "testutil.h"
#include "rawzmtp.h"

/* Sends one ZMTP 1.0 frame. */
static void v1_send(int fd, int flags, const void *data, size_t len)
{
    unsigned char h[10];
    size_t hl;
    uint64_t l = (uint64_t)len + 1;
    int i;
    if (l >= 255) {
        h[0] = 0xFF;
        for (i = 0; i < 8; i++)
            h[1 + i] = (unsigned char)(l >> (56 - 8 * i));
        h[9] = (unsigned char)flags;
        hl = 10;
    } else {
        h[0] = (unsigned char)l;
        h[1] = (unsigned char)flags;
        hl = 2;
    }
    w_send(fd, h, hl);
    if (len)
        w_send(fd, data, len);
}

/* Reads one ZMTP 1.0 frame into body (at most cap bytes); returns the
 * flags; *hl gets the header length (2 or 10). */
static int v1_read(int fd, unsigned char *body, size_t cap, size_t *len,
                   size_t *hl)
{
    unsigned char h[10];
    uint64_t l = 0;
    int i, flags;
    w_recv_exact(fd, h, 1);
    if (h[0] == 0xFF) {
        w_recv_exact(fd, h + 1, 9);
        for (i = 1; i < 9; i++)
            l = (l << 8) | h[i];
        flags = h[9];
        *hl = 10;
    } else {
        l = h[0];
        w_recv_exact(fd, h + 1, 1);
        flags = h[1];
        *hl = 2;
    }
    TU_ASSERT(l >= 1 && l - 1 <= cap);
    w_recv_exact(fd, body, (size_t)(l - 1));
    *len = (size_t)(l - 1);
    return flags;
}

static void v1_expect(int fd, int flags, const void *want, size_t wl)
{
    static unsigned char body[70000];
    size_t len, hl;
    TU_EQ_INT(v1_read(fd, body, sizeof body, &len, &hl), flags);
    TU_ASSERT_MSG(len == wl && memcmp(body, want, wl) == 0,
                  "frame of %zu bytes, expected %zu", len, wl);
    TU_EQ_INT((int)hl, wl + 1 >= 255 ? 10 : 2);
}

/* Greeting of a versioned ZMTP 1.0 peer: signature, revision 0, type. */
static void v10_greeting(int fd, size_t id_len, int type)
{
    unsigned char g[12] = {0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0x7F, 0x00, 0};
    g[8] = (unsigned char)(id_len + 1);
    g[11] = (unsigned char)type;
    w_send(fd, g, sizeof g);
}

/* The zmq side's answer to a revision 0x00 greeting: signature, revision
 * 3, socket type, then its identity frame (routing id id). */
static void v10_read_greeting(int fd, const char *id, int type)
{
    unsigned char rt[2];
    w_read_signature(fd, strlen(id));
    w_recv_exact(fd, rt, 2);
    TU_ASSERT_MSG(rt[0] == 3 && rt[1] == type,
                  "revision %d socket type %d, expected 3 and %d", rt[0],
                  rt[1], type);
    v1_expect(fd, 0, id, strlen(id));
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

static void unversioned_req_rep(void *ctx)
{
    void *rep = tu_socket(ctx, ZMQ_REP);
    char ep[256];
    unsigned char *big = pattern(70000, 5), *mid = pattern(300, 9);
    int fd;

    tu_bind_tcp(rep, ep, sizeof ep);
    fd = w_connect(ep);
    v1_send(fd, 0, "", 0); /* identity: empty */
    v1_send(fd, 0x01, "", 0); /* REQ envelope: empty delimiter */
    v1_send(fd, 0, "hello", 5);
    /* our signature is the header of the REP's (empty) identity frame */
    w_read_signature(fd, 0);
    tu_recv_str(rep, "hello", 0);
    tu_send_str(rep, "world", 0);
    v1_expect(fd, 0x01, "", 0);
    v1_expect(fd, 0, "world", 5);

    v1_send(fd, 0x01, "", 0);
    v1_send(fd, 0, big, 70000);
    w_zrecv(rep, big, 70000, 0);
    TU_EQ_INT(zmq_send(rep, mid, 300, 0), 300);
    v1_expect(fd, 0x01, "", 0);
    v1_expect(fd, 0, mid, 300);
    close(fd);
    free(big);
    free(mid);
    TU_OK(zmq_close(rep));
}

static void versioned_dealer_router(void *ctx)
{
    void *router = tu_socket(ctx, ZMQ_ROUTER);
    char ep[256];
    unsigned char *big = pattern(70000, 1), *b253 = pattern(253, 2),
                  *b254 = pattern(254, 3);
    int fd;
    zmq_msg_t m;

    tu_bind_tcp(router, ep, sizeof ep);
    fd = w_connect(ep);
    v10_greeting(fd, 4, ZMQ_DEALER);
    v10_read_greeting(fd, "", ZMQ_ROUTER);
    v1_send(fd, 0, "raw1", 4);

    v1_send(fd, 0x01, "ab", 2);
    v1_send(fd, 0, big, 70000);
    tu_recv_str(router, "raw1", 1);
    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_recv(&m, router, 0), 2);
    TU_ASSERT(memcmp(zmq_msg_data(&m), "ab", 2) == 0 && zmq_msg_more(&m));
    TU_ASSERT(zmq_msg_gets(&m, "Peer-Address") == NULL);
    TU_ASSERT(zmq_msg_gets(&m, "Socket-Type") == NULL);
    TU_OK(zmq_msg_close(&m));
    w_zrecv(router, big, 70000, 0);

    /* flags other than MORE mean nothing */
    v1_send(fd, 0xFE, "xyz", 3);
    tu_recv_str(router, "raw1", 1);
    tu_recv_str(router, "xyz", 0);

    TU_EQ_INT(zmq_send(router, "raw1", 4, ZMQ_SNDMORE), 4);
    TU_EQ_INT(zmq_send(router, "x", 1, ZMQ_SNDMORE), 1);
    TU_EQ_INT(zmq_send(router, b253, 253, ZMQ_SNDMORE), 253);
    TU_EQ_INT(zmq_send(router, b254, 254, ZMQ_SNDMORE), 254);
    TU_EQ_INT(zmq_send(router, big, 70000, 0), 70000);
    v1_expect(fd, 0x01, "x", 1);
    v1_expect(fd, 0x01, b253, 253); /* length 254: one byte */
    v1_expect(fd, 0x01, b254, 254); /* length 255: 0xFF and 8 bytes */
    v1_expect(fd, 0, big, 70000);
    close(fd);
    free(big);
    free(b253);
    free(b254);
    TU_OK(zmq_close(router));
}

static void pub_unversioned_sub(void *ctx)
{
    void *pub = tu_socket(ctx, ZMQ_PUB);
    char ep[256];
    unsigned char body[256];
    size_t len, hl;
    int fd, got = 0;
    int64_t deadline;

    tu_bind_tcp(pub, ep, sizeof ep);
    fd = w_connect(ep);
    v1_send(fd, 0, "", 0); /* identity, and no subscription ever */
    w_read_signature(fd, 0);
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    while (!got) {
        TU_ASSERT_MSG(tu_now_ms() < deadline,
                      "nothing published reached the ZMTP 1.0 peer");
        tu_send_str(pub, "anything", 0);
        if (w_readable(fd, 20)) {
            TU_EQ_INT(v1_read(fd, body, sizeof body, &len, &hl), 0);
            TU_ASSERT(len == 8 && memcmp(body, "anything", 8) == 0);
            got = 1;
        }
    }
    close(fd);
    TU_OK(zmq_close(pub));
}

static void sub_to_unversioned_pub(void *ctx)
{
    void *sub = tu_socket(ctx, ZMQ_SUB);
    char ep[256];
    int lfd, fd;

    lfd = w_listen(ep, sizeof ep);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "topic", 5));
    TU_OK(zmq_connect(sub, ep));
    fd = w_accept(lfd);
    v1_send(fd, 0, "", 0);
    w_read_signature(fd, 0);
    v1_expect(fd, 0, "\x01topic", 6);
    v1_send(fd, 0, "other", 5);
    v1_send(fd, 0, "topic-3", 7);
    tu_recv_str(sub, "topic-3", 0);
    close(fd);
    close(lfd);
    TU_OK(zmq_close(sub));
}

/* A ZMTP 1.0 peer (versioned or not) of a socket with security enabled:
 * closed, nothing delivered. */
static void refused(void *ctx, int versioned, int plain_server,
                    const char *zap_domain)
{
    void *pull = tu_socket(ctx, ZMQ_PULL);
    char ep[256];
    int fd;
    static const unsigned char v10[] = {0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F,
                                        0x00, 0x08, 0x01, 0x00, 0x07, 0x00,
                                        's', 'n', 'e', 'a', 'k', 'y'};
    if (plain_server)
        tu_set_int(pull, ZMQ_PLAIN_SERVER, 1);
    if (zap_domain)
        TU_OK(zmq_setsockopt(pull, ZMQ_ZAP_DOMAIN, zap_domain,
                             strlen(zap_domain)));
    tu_bind_tcp(pull, ep, sizeof ep);
    fd = w_connect(ep);
    /* the zmq side may close before all of it is sent */
    if (versioned)
        (void)w_send_try(fd, v10, sizeof v10);
    else
        (void)w_send_try(fd, v10 + 12, sizeof v10 - 12);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "ZMTP 1.0 peer not refused (versioned %d plain %d)",
                  versioned, plain_server);
    close(fd);
    TU_EQ_INT(tu_wait_readable(pull, 100), 0);
    TU_OK(zmq_close(pull));
}

/* kind 0: length 0 after a good message; 1: length 0 as the very first
 * byte; 2: a frame over ZMQ_MAXMSGSIZE (100). Only that connection goes. */
static void malformed(void *ctx, int kind)
{
    void *pull = tu_socket(ctx, ZMQ_PULL), *push;
    char ep[256];
    int fd;
    if (kind == 2)
        TU_OK(zmq_setsockopt(pull, ZMQ_MAXMSGSIZE, &(int64_t){100},
                             sizeof(int64_t)));
    tu_bind_tcp(pull, ep, sizeof ep);
    push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "before", 0);
    tu_recv_str(pull, "before", 0);

    fd = w_connect(ep);
    if (kind == 1) {
        (void)w_send_try(fd, "\x00\x00garbage", 9);
    } else {
        v10_greeting(fd, 0, ZMQ_PUSH);
        v1_send(fd, 0, "", 0);
        v1_send(fd, 0, "ok1", 3);
        w_recv_until(pull, "ok1");
        if (kind == 0) {
            (void)w_send_try(fd, "\x00\x00\x00\x00", 4);
        } else {
            unsigned char *b = pattern(101, 4);
            (void)w_send_try(fd, "\xFF\0\0\0\0\0\0\0\x66\x00", 10);
            (void)w_send_try(fd, b, 101);
            free(b);
        }
    }
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "connection kept after a bad ZMTP 1.0 frame (kind %d)",
                  kind);
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
    fprintf(stderr, "note: unversioned REQ/REP\n");
    unversioned_req_rep(ctx);
    fprintf(stderr, "note: revision 0 DEALER/ROUTER\n");
    versioned_dealer_router(ctx);
    fprintf(stderr, "note: PUB, unversioned SUB\n");
    pub_unversioned_sub(ctx);
    fprintf(stderr, "note: SUB, unversioned PUB\n");
    sub_to_unversioned_pub(ctx);
    fprintf(stderr, "note: refusals\n");
    refused(ctx, 0, 1, NULL);
    refused(ctx, 1, 1, NULL);
    refused(ctx, 0, 0, "global");
    refused(ctx, 1, 0, "global");
    fprintf(stderr, "note: malformed\n");
    malformed(ctx, 0);
    malformed(ctx, 1);
    malformed(ctx, 2);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
