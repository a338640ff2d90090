/*
 * interop/jeromq/cpeer.c - the C side of the JeroMQ matrix (run.sh beside
 * this file). JPeer.java implements the very same roles; any C role talks
 * to the matching Java role, whichever binds.
 *
 *   cpeer ROLE bind|connect ENDPOINT COUNT [STOPFILE]
 *
 * ROLE: req rep dealer router pub sub xpub xsub push pull pair-a pair-b.
 * Message i is two frames [TAG-i, payload(i)]; the payload has
 * SIZES[i % 6] bytes (0, 1, 254, 255, 256 and 2000: short and long
 * frames of every framing) all equal to (i & 0xFF). Not larger, and not
 * many more messages: JeroMQ 0.3.6's decoder corrupts frames at certain
 * offsets of a long stream written by libzmq 4.3.4 (PUSH to a JeroMQ
 * PULL: 70000-byte frames from message 11 on, 2000-byte ones from 244
 * on; the same bytes from ferromq, written in other batches, pass).
 *
 *   req/rep      REQ sends [req-i, P], REP answers [rep-i, P]
 *   dealer/router  DEALER (routing id "dealer-7") sends [dl-i, P], ROUTER
 *                gets [dealer-7, dl-i, P] and answers [dealer-7, rt-i, P]
 *   push/pull    [push-i, P], COUNT of them
 *   pair-a/b     A sends [pa-i, P], B answers [pb-i, P]
 *   pub/sub      SUB subscribes "weather"; PUB sends [other-i, P] then
 *                [weather-i, P] for i = 0, 1, ... until STOPFILE exists
 *                (SUB creates it when done, so is the harness); SUB
 *                needs COUNT weather messages in increasing order, never
 *                other-
 *   xpub/xsub    XSUB sends "\x01weather"; XPUB must receive exactly that,
 *                then sends [other-i, P], [weather-i, P] for i < COUNT;
 *                XSUB receives the COUNT weather messages and sends
 *                "\x00weather", which XPUB must receive
 *
 * Prints "libzmq <path> version x.y.z", "endpoint <ep>" when binding, and
 * "result OK" on success (exit 0); "result FAIL <why>" and exit 1
 * otherwise. Every wait is bounded by PEER_TIMEOUT_MS (10000).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

static const size_t SIZES[6] = {0, 1, 254, 255, 256, 2000};
static int timeout_ms = 10000;

static void fail(const char *fmt, ...)
{
    va_list ap;
    printf("result FAIL ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    exit(1);
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void print_lib(void)
{
    char line[4096], found[PATH_MAX] = "?", real[PATH_MAX];
    FILE *f = fopen("/proc/self/maps", "r");
    int maj = 0, min = 0, pat = 0;
    if (f) {
        while (fgets(line, sizeof line, f)) {
            char *path;
            if (!strstr(line, "libzmq"))
                continue;
            path = strchr(line, '/');
            if (!path)
                continue;
            path[strcspn(path, "\n")] = 0;
            snprintf(found, sizeof found, "%s", path);
            break;
        }
        fclose(f);
    }
    if (realpath(found, real))
        snprintf(found, sizeof found, "%s", real);
    zmq_version(&maj, &min, &pat);
    printf("libzmq %s version %d.%d.%d\n", found, maj, min, pat);
    fflush(stdout);
}

static unsigned char *payload(int i, size_t *len)
{
    unsigned char *p;
    *len = SIZES[i % 6];
    p = malloc(*len ? *len : 1);
    if (!p)
        fail("out of memory");
    memset(p, i & 0xFF, *len);
    return p;
}

static void send_frame(void *s, const void *data, size_t len, int more)
{
    if (zmq_send(s, data, len, more ? ZMQ_SNDMORE : 0) != (int)len)
        fail("send: %s", zmq_strerror(zmq_errno()));
}

/* [TAG-i, P(i)] */
static void send_msg(void *s, const char *tag, int i)
{
    char t[64];
    size_t len;
    unsigned char *p = payload(i, &len);
    snprintf(t, sizeof t, "%s-%d", tag, i);
    send_frame(s, t, strlen(t), 1);
    send_frame(s, p, len, 0);
    free(p);
}

/* Receives one frame into a malloc'd buffer; *more is set. */
static unsigned char *recv_frame(void *s, size_t *len, int *more)
{
    zmq_msg_t m;
    unsigned char *out;
    zmq_msg_init(&m);
    if (zmq_msg_recv(&m, s, 0) < 0)
        fail("recv: %s", zmq_strerror(zmq_errno()));
    *len = zmq_msg_size(&m);
    out = malloc(*len + 1);
    if (!out)
        fail("out of memory");
    memcpy(out, zmq_msg_data(&m), *len);
    out[*len] = 0;
    *more = zmq_msg_more(&m);
    zmq_msg_close(&m);
    return out;
}

/* Receives [TAG-n, P(n)] and returns n; fails on anything else. With
 * want >= 0 the number must be want. */
static int recv_msg(void *s, const char *tag, int want)
{
    size_t tl, pl, i;
    int more, n;
    char prefix[64];
    unsigned char *t = recv_frame(s, &tl, &more), *p;
    snprintf(prefix, sizeof prefix, "%s-", tag);
    if (strncmp((char *)t, prefix, strlen(prefix)) != 0)
        fail("expected a %s message, got \"%.40s\"", tag, t);
    n = atoi((char *)t + strlen(prefix));
    if (want >= 0 && n != want)
        fail("expected %s-%d, got \"%.40s\"", tag, want, t);
    if (!more)
        fail("%s-%d: no second frame", tag, n);
    p = recv_frame(s, &pl, &more);
    if (more)
        fail("%s-%d: more than two frames", tag, n);
    if (pl != SIZES[n % 6])
        fail("%s-%d: payload of %zu bytes, expected %zu", tag, n, pl,
             SIZES[n % 6]);
    for (i = 0; i < pl; i++)
        if (p[i] != (unsigned char)(n & 0xFF))
            fail("%s-%d: payload byte %zu is %d", tag, n, i, p[i]);
    free(t);
    free(p);
    return n;
}

static void expect_exact(void *s, const void *want, size_t wl)
{
    size_t len;
    int more;
    unsigned char *got = recv_frame(s, &len, &more);
    if (len != wl || memcmp(got, want, wl) != 0 || more)
        fail("expected a %zu-byte frame starting %02x, got %zu bytes", wl,
             ((const unsigned char *)want)[0], len);
    free(got);
}

int main(int argc, char **argv)
{
    const char *role, *mode, *ep, *stopfile = NULL, *env;
    int count, type, i, linger = 5000;
    void *ctx, *s;

    if (argc < 5) {
        fprintf(stderr, "usage: cpeer ROLE bind|connect ENDPOINT COUNT [STOPFILE]\n");
        return 2;
    }
    role = argv[1];
    mode = argv[2];
    ep = argv[3];
    count = atoi(argv[4]);
    if (argc > 5)
        stopfile = argv[5];
    env = getenv("PEER_TIMEOUT_MS");
    if (env && atoi(env) > 0)
        timeout_ms = atoi(env);
    print_lib();

    if (!strcmp(role, "req")) type = ZMQ_REQ;
    else if (!strcmp(role, "rep")) type = ZMQ_REP;
    else if (!strcmp(role, "dealer")) type = ZMQ_DEALER;
    else if (!strcmp(role, "router")) type = ZMQ_ROUTER;
    else if (!strcmp(role, "pub")) type = ZMQ_PUB;
    else if (!strcmp(role, "sub")) type = ZMQ_SUB;
    else if (!strcmp(role, "xpub")) type = ZMQ_XPUB;
    else if (!strcmp(role, "xsub")) type = ZMQ_XSUB;
    else if (!strcmp(role, "push")) type = ZMQ_PUSH;
    else if (!strcmp(role, "pull")) type = ZMQ_PULL;
    else if (!strcmp(role, "pair-a") || !strcmp(role, "pair-b")) type = ZMQ_PAIR;
    else fail("unknown role %s", role);
    if (!strcmp(role, "pub") && !stopfile)
        fail("pub needs STOPFILE");

    ctx = zmq_ctx_new();
    s = zmq_socket(ctx, type);
    if (!s)
        fail("zmq_socket: %s", zmq_strerror(zmq_errno()));
    zmq_setsockopt(s, ZMQ_RCVTIMEO, &timeout_ms, sizeof timeout_ms);
    zmq_setsockopt(s, ZMQ_SNDTIMEO, &timeout_ms, sizeof timeout_ms);
    zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
    if (type == ZMQ_DEALER)
        zmq_setsockopt(s, ZMQ_ROUTING_ID, "dealer-7", 8);
    if (type == ZMQ_SUB)
        zmq_setsockopt(s, ZMQ_SUBSCRIBE, "weather", 7);

    if (!strcmp(mode, "bind")) {
        char last[256];
        size_t ll = sizeof last;
        if (zmq_bind(s, ep) != 0)
            fail("bind %s: %s", ep, zmq_strerror(zmq_errno()));
        zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, last, &ll);
        printf("endpoint %s\n", last);
        fflush(stdout);
    } else if (zmq_connect(s, ep) != 0) {
        fail("connect %s: %s", ep, zmq_strerror(zmq_errno()));
    }

    if (type == ZMQ_REQ) {
        for (i = 0; i < count; i++) {
            send_msg(s, "req", i);
            recv_msg(s, "rep", i);
        }
    } else if (type == ZMQ_REP) {
        for (i = 0; i < count; i++) {
            recv_msg(s, "req", i);
            send_msg(s, "rep", i);
        }
    } else if (type == ZMQ_DEALER) {
        for (i = 0; i < count; i++) {
            send_msg(s, "dl", i);
            recv_msg(s, "rt", i);
        }
    } else if (type == ZMQ_ROUTER) {
        for (i = 0; i < count; i++) {
            size_t il;
            int more;
            unsigned char *id = recv_frame(s, &il, &more);
            if (il != 8 || memcmp(id, "dealer-7", 8) != 0 || !more)
                fail("router: peer routing id \"%.*s\", expected dealer-7",
                     (int)il, id);
            recv_msg(s, "dl", i);
            send_frame(s, id, il, 1);
            send_msg(s, "rt", i);
            free(id);
        }
    } else if (type == ZMQ_PUSH) {
        for (i = 0; i < count; i++)
            send_msg(s, "push", i);
    } else if (type == ZMQ_PULL) {
        for (i = 0; i < count; i++)
            recv_msg(s, "push", i);
    } else if (!strcmp(role, "pair-a")) {
        for (i = 0; i < count; i++) {
            send_msg(s, "pa", i);
            recv_msg(s, "pb", i);
        }
    } else if (!strcmp(role, "pair-b")) {
        for (i = 0; i < count; i++) {
            recv_msg(s, "pa", i);
            send_msg(s, "pb", i);
        }
    } else if (type == ZMQ_PUB) {
        int64_t deadline = now_ms() + 3 * (int64_t)timeout_ms;
        for (i = 0; access(stopfile, F_OK) != 0; i++) {
            if (now_ms() > deadline)
                fail("pub: no stop file after %d ms", 3 * timeout_ms);
            send_msg(s, "other", i);
            send_msg(s, "weather", i);
            usleep(2000);
        }
    } else if (type == ZMQ_SUB) {
        int last = -1;
        for (i = 0; i < count; i++) {
            int n = recv_msg(s, "weather", -1);
            if (n <= last)
                fail("sub: weather-%d after weather-%d", n, last);
            last = n;
        }
        if (stopfile) {
            FILE *f = fopen(stopfile, "w");
            if (f)
                fclose(f);
        }
    } else if (type == ZMQ_XPUB) {
        expect_exact(s, "\x01weather", 8);
        for (i = 0; i < count; i++) {
            send_msg(s, "other", i);
            send_msg(s, "weather", i);
        }
        expect_exact(s, "\x00weather", 8);
    } else if (type == ZMQ_XSUB) {
        send_frame(s, "\x01weather", 8, 0);
        for (i = 0; i < count; i++)
            recv_msg(s, "weather", i);
        send_frame(s, "\x00weather", 8, 0);
    }

    zmq_close(s);
    zmq_ctx_term(ctx);
    printf("result OK\n");
    fflush(stdout);
    return 0;
}
