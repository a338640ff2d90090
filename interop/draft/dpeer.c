/*
 * interop/draft/dpeer.c: one side of a DRAFT-API interop scenario.
 *
 *   dpeer --list                      scenario names and what they check
 *   dpeer --has                       zmq_has() answers and the draft exports found
 *   dpeer <scenario> A                side A: binds, prints its endpoints
 *   dpeer <scenario> B <endpoint> <ctl-endpoint>
 *                                     side B: connects to what side A printed
 *
 * Side A always binds (its data socket, and a PAIR side channel "ctl" on
 * tcp://127.0.0.1:*); side B connects to both.  The runner
 * (interop/draft/run.sh) starts A, waits for its "endpoint" and "ctl" lines,
 * then starts B, each side on its own libzmq.so.5 (LD_LIBRARY_PATH).
 *
 * Compiled against ferromq's include/zmq.h with -DZMQ_BUILD_DRAFT_API, linked
 * with -lzmq for the stable API only: every DRAFT function (zmq_join,
 * zmq_msg_set_routing_id, ...) is looked up with dlsym at run time, so the
 * same binary runs on a library that lacks some of them and reports that.
 *
 * Output, one item per line, flushed:
 *   libzmq <realpath of the mapped libzmq> version <x.y.z>
 *   endpoint <data endpoint>  /  ctl <side channel endpoint>     (side A)
 *   result OK <scenario> <side>: <what was checked>                exit 0
 *   result FAIL <scenario> <side>: <reason>                        exit 1
 *   result SKIP <scenario> <side>: <feature missing, with the errno>  exit 3
 *   result SKIP <scenario> <side>: machine: <what the machine lacks>  exit 4
 * A SKIP (exit 3) names what this library lacks: a DRAFT export, zmq_socket(type)
 * or zmq_setsockopt(option) failing with EINVAL, a transport refused with
 * EPROTONOSUPPORT/ENOCOMPATPROTO, zmq_has("ws"/"WS") 0.  Exit 4 is what the
 * machine lacks (loopback multicast).  Neither is a pass; the runner decides
 * whether a library may lack the feature.  Usage errors exit 2.
 *
 * Environment: PEER_TIMEOUT_MS (default 10000) bounds every wait (RCVTIMEO,
 * SNDTIMEO, LINGER, loops); DPEER_COUNT (default 20) messages per scenario;
 * FERROMQ_EXPECT_LIB, when set, is the directory the mapped libzmq must live
 * in (else FAIL: the process proves which library it tested).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <zmq.h>

#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define EXIT_SKIP 3
#define EXIT_SKIP_MACHINE 4
#define BUF_MAX 80000
#define EP_MAX 512

static const char *g_scn = "?";
static const char *g_side = "?";
static int g_timeout_ms = 10000;
static int g_count = 20;
static void *g_ctx;
static void *g_ctl;
static char g_ctl_ep[EP_MAX];
static const char *g_peer_ep; /* side B: the data endpoint side A printed */

/* ---- reporting --------------------------------------------------------- */

static const char *zerr(int e)
{
    static char buf[320];
    const char *s = zmq_strerror(e);
    snprintf(buf, sizeof buf, "%s (errno %d)", s ? s : "?", e);
    return buf;
}

static void finish(const char *kind, int code, const char *fmt, va_list ap)
{
    printf("result %s %s %s: ", kind, g_scn, g_side);
    vprintf(fmt, ap);
    printf("\n");
    fflush(stdout);
    /* no zmq_ctx_term: a failed side may hold undeliverable messages, and
     * the process is about to exit anyway */
    _exit(code);
}

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    finish("FAIL", 1, fmt, ap);
    va_end(ap);
    _exit(1);
}

static void skip(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void skip(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    finish("SKIP", EXIT_SKIP, fmt, ap);
    va_end(ap);
    _exit(EXIT_SKIP);
}

static void skip_machine(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void skip_machine(const char *fmt, ...)
{
    va_list ap;
    printf("result SKIP %s %s: machine: ", g_scn, g_side);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    _exit(EXIT_SKIP_MACHINE);
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
    if (f) {
        while (fgets(line, sizeof line, f)) {
            if (!strstr(line, "libzmq"))
                continue;
            char *path = strchr(line, '/');
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
    int maj = 0, min = 0, pat = 0;
    zmq_version(&maj, &min, &pat);
    printf("libzmq %s version %d.%d.%d\n", found, maj, min, pat);
    fflush(stdout);
    const char *expect = getenv("FERROMQ_EXPECT_LIB");
    if (expect && *expect) {
        char dir[PATH_MAX];
        if (!realpath(expect, dir))
            fail("realpath(FERROMQ_EXPECT_LIB=%s): %s", expect, strerror(errno));
        size_t dl = strlen(dir);
        if (strncmp(found, dir, dl) != 0 || found[dl] != '/')
            fail("wrong library: mapped %s, expected one under %s", found, dir);
    }
}

/* ---- DRAFT functions, resolved at run time ----------------------------- */

static void *draft_fn(const char *name)
{
    void *f = dlsym(RTLD_DEFAULT, name);
    if (!f)
        skip("%s is not exported by this libzmq", name);
    return f;
}

typedef int (*join_fn)(void *, const char *);
typedef uint32_t (*connect_peer_fn)(void *, const char *);
typedef int (*msg_set_rid_fn)(zmq_msg_t *, uint32_t);
typedef uint32_t (*msg_rid_fn)(zmq_msg_t *);
typedef int (*msg_set_group_fn)(zmq_msg_t *, const char *);
typedef const char *(*msg_group_fn)(zmq_msg_t *);
typedef int (*monitor_versioned_fn)(void *, const char *, uint64_t, int, int);
typedef int (*pipes_stats_fn)(void *);

#define DRAFT(type, name) ((type)draft_fn(name))

/* ---- sockets ----------------------------------------------------------- */

static void set_opt(void *s, int opt, const char *optname, const void *val, size_t len)
{
    if (zmq_setsockopt(s, opt, val, len) != 0) {
        int e = errno;
        if (e == EINVAL)
            skip("zmq_setsockopt(%s): %s", optname, zerr(e));
        fail("zmq_setsockopt(%s): %s", optname, zerr(e));
    }
}

static void set_int(void *s, int opt, const char *optname, int v)
{
    set_opt(s, opt, optname, &v, sizeof v);
}

#define SET_INT(s, opt, v) set_int((s), (opt), #opt, (v))
#define SET_STR(s, opt, str) set_opt((s), (opt), #opt, (str), strlen(str))

/* every socket, so that ok() can close them before zmq_ctx_term */
static void *g_socks[32];
static size_t g_nsocks;

static void close_sock(void *s)
{
    for (size_t i = 0; i < g_nsocks; i++)
        if (g_socks[i] == s)
            g_socks[i] = NULL;
    zmq_close(s);
}

static void *mk(int type, const char *name)
{
    void *s = zmq_socket(g_ctx, type);
    if (s && g_nsocks < sizeof g_socks / sizeof g_socks[0])
        g_socks[g_nsocks++] = s;
    if (!s) {
        int e = errno;
        if (e == EINVAL)
            skip("zmq_socket(%s): %s", name, zerr(e));
        fail("zmq_socket(%s): %s", name, zerr(e));
    }
    SET_INT(s, ZMQ_LINGER, g_timeout_ms);
    SET_INT(s, ZMQ_RCVTIMEO, g_timeout_ms);
    SET_INT(s, ZMQ_SNDTIMEO, g_timeout_ms);
    return s;
}
#define MK(type) mk((type), #type)

static int unsupported_transport(int e)
{
    return e == EPROTONOSUPPORT || e == ENOCOMPATPROTO;
}

/* binds; out gets ZMQ_LAST_ENDPOINT */
static void do_bind(void *s, const char *ep, char *out, size_t cap)
{
    if (zmq_bind(s, ep) != 0) {
        int e = errno;
        if (unsupported_transport(e))
            skip("zmq_bind(%s): %s", ep, zerr(e));
        fail("zmq_bind(%s): %s", ep, zerr(e));
    }
    if (out) {
        size_t len = cap;
        if (zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, out, &len) != 0)
            fail("ZMQ_LAST_ENDPOINT: %s", zerr(errno));
    }
}

static void do_connect(void *s, const char *ep)
{
    if (zmq_connect(s, ep) != 0) {
        int e = errno;
        if (unsupported_transport(e))
            skip("zmq_connect(%s): %s", ep, zerr(e));
        fail("zmq_connect(%s): %s", ep, zerr(e));
    }
}

/* A free UDP port on 127.0.0.1 (bound, read back, released). */
static int free_udp_port(void)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0)
        fail("socket(UDP): %s", strerror(errno));
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t al = sizeof a;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &al) != 0)
        fail("bind/getsockname(UDP): %s", strerror(errno));
    close(fd);
    return ntohs(a.sin_port);
}

/* Binds a UDP endpoint "udp://HOST:<free port>" (HOST may be a multicast
 * group); a few tries, as the port is released before zmq_bind takes it. */
static void bind_udp(void *s, const char *host, char *out, size_t cap)
{
    for (int tries = 0;; tries++) {
        snprintf(out, cap, "udp://%s:%d", host, free_udp_port());
        if (zmq_bind(s, out) == 0)
            return;
        int e = errno;
        if (unsupported_transport(e))
            skip("zmq_bind(%s): %s", out, zerr(e));
        if (e != EADDRINUSE || tries >= 5)
            fail("zmq_bind(%s): %s", out, zerr(e));
    }
}

/* ---- messages ---------------------------------------------------------- */

static void send_buf(void *s, const void *buf, size_t len, int flags, const char *what)
{
    if (zmq_send(s, buf, len, flags) < 0)
        fail("send %s: %s", what, zerr(errno));
}

static void send_str(void *s, const char *str, int flags)
{
    send_buf(s, str, strlen(str), flags, str);
}

/* receives one frame into buf (NUL-terminated); returns its size */
static size_t recv_buf(void *s, char *buf, size_t cap, const char *what)
{
    int n = zmq_recv(s, buf, cap - 1, 0);
    if (n < 0)
        fail("recv %s: %s%s", what, zerr(errno),
             errno == EAGAIN ? " (timed out)" : "");
    if ((size_t)n >= cap)
        fail("recv %s: %d bytes, more than %zu", what, n, cap - 1);
    buf[n] = 0;
    return (size_t)n;
}

static int more(void *s)
{
    int m = 0;
    size_t l = sizeof m;
    if (zmq_getsockopt(s, ZMQ_RCVMORE, &m, &l) != 0)
        fail("ZMQ_RCVMORE: %s", zerr(errno));
    return m;
}

static void expect_str(void *s, const char *want, int want_more)
{
    static char buf[BUF_MAX];
    recv_buf(s, buf, sizeof buf, want);
    if (strcmp(buf, want) != 0)
        fail("expected \"%s\", got \"%.80s\"", want, buf);
    if (more(s) != want_more)
        fail("after \"%s\": RCVMORE %d, expected %d", want, !want_more, want_more);
}

static void msg_recv(void *s, zmq_msg_t *m, const char *what)
{
    zmq_msg_init(m);
    if (zmq_msg_recv(m, s, 0) < 0)
        fail("recv %s: %s%s", what, zerr(errno), errno == EAGAIN ? " (timed out)" : "");
}

static void msg_send(void *s, zmq_msg_t *m, const char *what)
{
    if (zmq_msg_send(m, s, 0) < 0)
        fail("send %s: %s", what, zerr(errno));
}

static void msg_from(zmq_msg_t *m, const void *data, size_t len)
{
    if (zmq_msg_init_size(m, len) != 0)
        fail("zmq_msg_init_size: %s", zerr(errno));
    if (len)
        memcpy(zmq_msg_data(m), data, len);
}

/* A deterministic body "TAG I:" + padding.  Sizes cross the ZMTP short/long
 * frame boundary (255/256) and the WebSocket 125/126 and 65535/65536 ones;
 * small != 0 keeps every body under 1100 bytes (UDP datagrams). */
static size_t body(char *buf, const char *tag, int i, int small)
{
    static const size_t pads[] = {0,   1,   100,  119,   120,   121,   122,
                                  250, 251, 1000, 65530, 65536, 70001};
    size_t np = sizeof pads / sizeof pads[0];
    size_t pad = pads[(size_t)i % np];
    if (small && pad > 1000)
        pad = (size_t)(i * 37) % 1000;
    int n = snprintf(buf, 64, "%s %d:", tag, i);
    for (size_t k = 0; k < pad; k++)
        buf[(size_t)n + k] = (char)((k * 7 + (size_t)i * 13) & 0xff);
    return (size_t)n + pad;
}

static void check_body(const void *got, size_t len, const char *tag, int i, int small)
{
    static char want[BUF_MAX];
    size_t wl = body(want, tag, i, small);
    if (len != wl || memcmp(got, want, wl) != 0) {
        char head[32];
        size_t hl = len < sizeof head - 1 ? len : sizeof head - 1;
        memcpy(head, got, hl);
        head[hl] = 0;
        for (size_t k = 0; k < hl; k++)
            if (head[k] < 32 || head[k] > 126)
                head[k] = '.';
        fail("message %d: expected \"%s %d:\" and padding, %zu bytes in all; got %zu bytes starting "
             "\"%s\"",
             i, tag, i, wl, len, head);
    }
}

/* ---- the side channel -------------------------------------------------- */

static void ctl_bind(void)
{
    g_ctl = MK(ZMQ_PAIR);
    do_bind(g_ctl, "tcp://127.0.0.1:*", g_ctl_ep, sizeof g_ctl_ep);
}

static void ctl_connect(void)
{
    g_ctl = MK(ZMQ_PAIR);
    do_connect(g_ctl, g_ctl_ep);
}

static void a_ready(const char *ep)
{
    printf("endpoint %s\nctl %s\n", ep, g_ctl_ep);
    fflush(stdout);
}

/* sends our verdict on ctl and waits for the other side's (what), or with
 * theirs_first the other way round; fails if theirs is not OK */
static void ctl_verdicts_(int theirs_first, const char *what)
{
    char buf[512];
    if (!theirs_first)
        send_str(g_ctl, "verdict OK", 0);
    recv_buf(g_ctl, buf, sizeof buf, what);
    if (strcmp(buf, "verdict OK") != 0)
        fail("the other side reported: %s", buf);
    if (theirs_first)
        send_str(g_ctl, "verdict OK", 0);
}

/* sends our verdict on ctl; waits for the other side's; fails if it is not OK */
static void ctl_verdicts(void) { ctl_verdicts_(0, "the other side's verdict on ctl"); }

/* ---- scenario scaffolding ---------------------------------------------- */

/* side A: binds s on tcp://127.0.0.1:* and prints its endpoint (into ep) */
static void a_bind_tcp(void *s, char *ep, size_t cap)
{
    do_bind(s, "tcp://127.0.0.1:*", ep, cap);
    a_ready(ep);
}

/* side A: the side channel, then a socket of this type bound on tcp */
static void *a_tcp(int type, const char *name, char *ep, size_t cap)
{
    ctl_bind();
    void *s = mk(type, name);
    a_bind_tcp(s, ep, cap);
    return s;
}
#define A_TCP(type, ep) a_tcp((type), #type, (ep), sizeof(ep))

/* side B: the side channel, then a socket of this type connected to A */
static void *b_connected(int type, const char *name)
{
    ctl_connect();
    void *s = mk(type, name);
    do_connect(s, g_peer_ep);
    return s;
}
#define B_CONNECTED(type) b_connected((type), #type)

/* g_count messages out: bodies tagged tag, in order */
static void send_seq(void *s, const char *tag, const char *what)
{
    char buf[BUF_MAX];
    for (int i = 0; i < g_count; i++)
        send_buf(s, buf, body(buf, tag, i, 0), 0, what);
}

/* g_count messages in: bodies tagged tag, in order, intact */
static void recv_seq(void *s, const char *tag, const char *what)
{
    char buf[BUF_MAX];
    for (int i = 0; i < g_count; i++) {
        size_t n = recv_buf(s, buf, sizeof buf, what);
        check_body(buf, n, tag, i, 0);
    }
}

/* g_count round trips from the asking side: qtag i out, rtag i back */
static void round_trips(void *s, const char *qtag, const char *qwhat, const char *rtag,
                        const char *rwhat)
{
    char buf[BUF_MAX];
    for (int i = 0; i < g_count; i++) {
        send_buf(s, buf, body(buf, qtag, i, 0), 0, qwhat);
        size_t n = recv_buf(s, buf, sizeof buf, rwhat);
        check_body(buf, n, rtag, i, 0);
    }
}

/* g_count round trips from the answering side: qtag i in, rtag i out */
static void answer_seq(void *s, const char *qtag, const char *qwhat, const char *rtag,
                       const char *rwhat)
{
    char buf[BUF_MAX];
    for (int i = 0; i < g_count; i++) {
        size_t n = recv_buf(s, buf, sizeof buf, qwhat);
        check_body(buf, n, qtag, i, 0);
        send_buf(s, buf, body(buf, rtag, i, 0), 0, rwhat);
    }
}

/* ---- routing ids (SERVER, PEER) ---------------------------------------- */

static msg_rid_fn g_rid_of;
static msg_set_rid_fn g_set_rid;

/* zmq_msg_routing_id and zmq_msg_set_routing_id, or SKIP */
static void need_rid_fns(void)
{
    g_rid_of = DRAFT(msg_rid_fn, "zmq_msg_routing_id");
    g_set_rid = DRAFT(msg_set_rid_fn, "zmq_msg_set_routing_id");
}

/* sends data as one message to routing id rid */
static void send_to_rid(void *s, uint32_t rid, const void *data, size_t len, const char *what)
{
    zmq_msg_t m;
    msg_from(&m, data, len);
    if (g_set_rid(&m, rid) != 0)
        fail("zmq_msg_set_routing_id: %s", zerr(errno));
    msg_send(s, &m, what);
}

/* receives "a <qnoun>", body qtag i, and answers "a <rnoun>", body rtag i,
 * to its routing id; with first, fails unless that routing id is not 0 and
 * the same as *first (once set) */
static void answer_rid(void *s, int i, const char *qtag, const char *qnoun, const char *rtag,
                       const char *rnoun, uint32_t *first)
{
    char buf[BUF_MAX], qwhat[64], rwhat[64];
    zmq_msg_t m;
    snprintf(qwhat, sizeof qwhat, "a %s", qnoun);
    snprintf(rwhat, sizeof rwhat, "a %s", rnoun);
    msg_recv(s, &m, qwhat);
    check_body(zmq_msg_data(&m), zmq_msg_size(&m), qtag, i, 0);
    uint32_t r = g_rid_of(&m);
    if (first) {
        if (r == 0 || (*first && r != *first))
            fail("%s %d: routing id %u (first was %u)", qnoun, i, r, *first);
        *first = r;
    }
    zmq_msg_close(&m);
    send_to_rid(s, r, buf, body(buf, rtag, i, 0), rwhat);
}

static void ok(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void ok(const char *fmt, ...)
{
    /* orderly shutdown: LINGER (PEER_TIMEOUT_MS) lets the last messages out */
    for (size_t i = 0; i < g_nsocks; i++)
        if (g_socks[i])
            zmq_close(g_socks[i]);
    zmq_ctx_term(g_ctx);
    va_list ap;
    va_start(ap, fmt);
    printf("result OK %s %s: ", g_scn, g_side);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    fflush(stdout);
    exit(0);
}

/* ======================================================================= */
/* SERVER <-> CLIENT                                                       */

/* A: SERVER binds tcp; B: two CLIENTs; every request answered to its sender. */
static void server_client_a(void)
{
    need_rid_fns();
    char ep[EP_MAX], buf[BUF_MAX];
    void *srv = A_TCP(ZMQ_SERVER, ep);
    uint32_t rid[2] = {0, 0};
    int next[2] = {0, 0};
    for (int n = 0; n < 2 * g_count; n++) {
        zmq_msg_t m;
        msg_recv(srv, &m, "a request");
        uint32_t r = g_rid_of(&m);
        int k = -1, i = -1;
        size_t len = zmq_msg_size(&m);
        char head[32];
        size_t hl = len < sizeof head - 1 ? len : sizeof head - 1;
        memcpy(head, zmq_msg_data(&m), hl);
        head[hl] = 0;
        if (sscanf(head, "c%d %d:", &k, &i) != 2 || k < 0 || k > 1)
            fail("request %d: unexpected body \"%.20s\"", n, head);
        char tag[8];
        snprintf(tag, sizeof tag, "c%d", k);
        check_body(zmq_msg_data(&m), len, tag, next[k], 0);
        if (r == 0)
            fail("request from client %d has routing id 0", k);
        if (rid[k] == 0)
            rid[k] = r;
        else if (rid[k] != r)
            fail("client %d: routing id changed from %u to %u", k, rid[k], r);
        zmq_msg_close(&m);
        snprintf(tag, sizeof tag, "re%d", k);
        send_to_rid(srv, r, buf, body(buf, tag, next[k], 0), "a reply");
        next[k]++;
    }
    if (rid[0] == rid[1])
        fail("both clients have routing id %u", rid[0]);
    ctl_verdicts();
    ok("%d requests from 2 CLIENTs (routing ids %u, %u) answered by routing id", 2 * g_count,
       rid[0], rid[1]);
}

static void server_client_b(void)
{
    char buf[BUF_MAX];
    ctl_connect();
    void *c[2] = {MK(ZMQ_CLIENT), MK(ZMQ_CLIENT)};
    do_connect(c[0], g_peer_ep);
    do_connect(c[1], g_peer_ep);
    for (int i = 0; i < g_count; i++) {
        for (int k = 0; k < 2; k++) {
            char tag[8];
            snprintf(tag, sizeof tag, "c%d", k);
            send_buf(c[k], buf, body(buf, tag, i, 0), 0, "a request");
        }
        for (int k = 0; k < 2; k++) {
            char tag[8];
            snprintf(tag, sizeof tag, "re%d", k);
            size_t n = recv_buf(c[k], buf, sizeof buf, "a reply");
            check_body(buf, n, tag, i, 0);
        }
    }
    ctl_verdicts();
    ok("2 CLIENTs x %d requests, each got exactly its own replies", g_count);
}

/* A: CLIENT binds; B: SERVER connects and answers. */
static void client_server_a(void)
{
    char ep[EP_MAX];
    void *c = A_TCP(ZMQ_CLIENT, ep);
    round_trips(c, "q", "a request", "r", "a reply");
    ctl_verdicts();
    ok("%d round trips, CLIENT binding", g_count);
}

static void client_server_b(void)
{
    need_rid_fns();
    void *srv = B_CONNECTED(ZMQ_SERVER);
    uint32_t first = 0;
    for (int i = 0; i < g_count; i++)
        answer_rid(srv, i, "q", "request", "r", "reply", &first);
    ctl_verdicts();
    ok("%d requests answered by routing id %u, SERVER connecting", g_count, first);
}

/* ======================================================================= */
/* SCATTER -> GATHER, PEER <-> PEER, CHANNEL <-> CHANNEL                   */

static void scatter_gather_a(void)
{
    char ep[EP_MAX];
    send_seq(A_TCP(ZMQ_SCATTER, ep), "s", "a message");
    ctl_verdicts();
    ok("%d messages scattered", g_count);
}

static void scatter_gather_b(void)
{
    recv_seq(B_CONNECTED(ZMQ_GATHER), "s", "a message");
    ctl_verdicts();
    ok("%d messages gathered, in order, intact", g_count);
}

static void gather_scatter_a(void)
{
    char ep[EP_MAX];
    recv_seq(A_TCP(ZMQ_GATHER, ep), "s", "a message");
    ctl_verdicts();
    ok("%d messages gathered, GATHER binding", g_count);
}

static void gather_scatter_b(void)
{
    send_seq(B_CONNECTED(ZMQ_SCATTER), "s", "a message");
    ctl_verdicts();
    ok("%d messages scattered, SCATTER connecting", g_count);
}

static void peer_peer_a(void)
{
    need_rid_fns();
    char ep[EP_MAX];
    void *p = A_TCP(ZMQ_PEER, ep);
    uint32_t first = 0;
    for (int i = 0; i < g_count; i++)
        answer_rid(p, i, "ping", "ping", "pong", "pong", &first);
    ctl_verdicts();
    ok("%d pings answered to routing id %u", g_count, first);
}

static void peer_peer_b(void)
{
    connect_peer_fn connect_peer = DRAFT(connect_peer_fn, "zmq_connect_peer");
    need_rid_fns();
    char buf[BUF_MAX];
    ctl_connect();
    void *p = MK(ZMQ_PEER);
    uint32_t rid = connect_peer(p, g_peer_ep);
    if (rid == 0)
        fail("zmq_connect_peer(%s): %s", g_peer_ep, zerr(errno));
    for (int i = 0; i < g_count; i++) {
        zmq_msg_t m;
        send_to_rid(p, rid, buf, body(buf, "ping", i, 0), "a ping");
        msg_recv(p, &m, "a pong");
        check_body(zmq_msg_data(&m), zmq_msg_size(&m), "pong", i, 0);
        if (g_rid_of(&m) != rid)
            fail("pong %d from routing id %u, zmq_connect_peer gave %u", i, g_rid_of(&m), rid);
        zmq_msg_close(&m);
    }
    ctl_verdicts();
    ok("zmq_connect_peer gave routing id %u; %d pings/pongs", rid, g_count);
}

static void channel_a(void)
{
    char ep[EP_MAX];
    answer_seq(A_TCP(ZMQ_CHANNEL, ep), "ch", "a message", "echo", "an echo");
    ctl_verdicts();
    ok("%d messages echoed", g_count);
}

static void channel_b(void)
{
    round_trips(B_CONNECTED(ZMQ_CHANNEL), "ch", "a message", "echo", "an echo");
    ctl_verdicts();
    ok("%d round trips", g_count);
}

/* ======================================================================= */
/* RADIO -> DISH                                                           */
/*
 * The DISH joins g1 and g3.  Phase 1: the RADIO sends g1 "hello" and g2 "x"
 * every 20 ms until the DISH, having received a hello (the JOINs have
 * reached the RADIO; nothing of g2 may arrive), says "ready" on ctl.
 * Phase 2, for each i: the RADIO sends g2 "bad i", g1 "m i", g3 "m i" and
 * waits for the DISH's "ack i" on ctl, which the DISH sends once it has both
 * g1 "m i" and g3 "m i"; nothing of g2 may ever arrive.  The DISH then
 * leaves g3 and says "left"; phase 3, for each i: g3 "after i", g1 "p i",
 * acknowledged when g1 "p i" came: nothing of g3 may arrive after zmq_leave.
 * Over udp datagrams can be lost (a full receive buffer on a busy machine),
 * so there the RADIO sends the same i again every 200 ms until acknowledged
 * and the DISH ignores copies of what it already has; over tcp there are no
 * resends and a duplicate or a gap fails.
 */

static int g_lossy; /* the RADIO/DISH scenario runs over udp */

/* "g3" is a long group, so the JOIN/LEAVE commands and the group of each
 * message carry many bytes: over tcp the longest there is
 * (ZMQ_GROUP_MAX_LENGTH, 255 bytes); over udp 127 bytes, because libzmq
 * 4.3.5's udp_engine reads the datagram's group length byte as a signed
 * char and aborts (ENOMEM assertion) on a group of 128 bytes or more. */
#define G3_255                                                                                     \
    "g3-long-group-name-3456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789" \
    "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123" \
    "456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde"
static char g_g3[256];
#define G3 (g3_name())

static const char *g3_name(void)
{
    _Static_assert(sizeof G3_255 - 1 == 255, "G3_255 is 255 bytes");
    if (!g_g3[0])
        snprintf(g_g3, g_lossy ? 128 : sizeof g_g3, "%s", G3_255);
    return g_g3;
}

static void radio_send(void *r, msg_set_group_fn set_group, const char *group, const char *text,
                       int i)
{
    char buf[1200];
    zmq_msg_t m;
    msg_from(&m, buf, body(buf, text, i, 1));
    if (set_group(&m, group) != 0)
        fail("zmq_msg_set_group(%s): %s", group, zerr(errno));
    msg_send(r, &m, group);
}

/* waits for "WHAT I" on ctl; returns 0 if nothing came within ms */
static int ctl_wait_ack(const char *what, int i, int ms)
{
    char buf[128], want[64];
    zmq_pollitem_t it = {g_ctl, 0, ZMQ_POLLIN, 0};
    if (zmq_poll(&it, 1, ms) < 0)
        fail("zmq_poll(ctl): %s", zerr(errno));
    if (!(it.revents & ZMQ_POLLIN))
        return 0;
    recv_buf(g_ctl, buf, sizeof buf, what);
    snprintf(want, sizeof want, "%s %d", what, i);
    if (strcmp(buf, want) != 0)
        fail("ctl: expected \"%s\", got \"%s\"", want, buf);
    return 1;
}

static int radio_phase(void *r, msg_set_group_fn set_group, int phase)
{
    int resends = 0;
    for (int i = 0; i < g_count; i++) {
        int64_t deadline = now_ms() + g_timeout_ms;
        for (int sent = 0;; sent++) {
            if (phase == 2) {
                radio_send(r, set_group, "g2", "bad", i);
                radio_send(r, set_group, "g1", "m", i);
                radio_send(r, set_group, G3, "m", i);
            } else {
                radio_send(r, set_group, G3, "after", i);
                radio_send(r, set_group, "g1", "p", i);
            }
            resends += sent > 0;
            int64_t left = deadline - now_ms();
            if (left < 0)
                fail("phase %d: no ack of message %d within %d ms", phase, i, g_timeout_ms);
            if (ctl_wait_ack(phase == 2 ? "ack" : "ack3", i, g_lossy && left > 200 ? 200 : (int)left))
                break;
        }
    }
    return resends;
}

static void radio_side(void *r)
{
    msg_set_group_fn set_group = DRAFT(msg_set_group_fn, "zmq_msg_set_group");
    char buf[512];
    int64_t deadline = now_ms() + g_timeout_ms;
    int hellos = 0;
    for (;;) {
        radio_send(r, set_group, "g1", "hello", 0);
        radio_send(r, set_group, "g2", "x", 0);
        hellos++;
        zmq_pollitem_t it = {g_ctl, 0, ZMQ_POLLIN, 0};
        if (zmq_poll(&it, 1, 20) < 0)
            fail("zmq_poll(ctl): %s", zerr(errno));
        if (it.revents & ZMQ_POLLIN)
            break;
        if (now_ms() > deadline)
            fail("no \"ready\" from the DISH within %d ms (%d hellos sent)", g_timeout_ms, hellos);
    }
    recv_buf(g_ctl, buf, sizeof buf, "ready");
    if (strcmp(buf, "ready") != 0)
        fail("ctl: expected ready, got %s", buf);
    int resends = radio_phase(r, set_group, 2);
    recv_buf(g_ctl, buf, sizeof buf, "left");
    if (strcmp(buf, "left") != 0)
        fail("ctl: expected left, got %s", buf);
    resends += radio_phase(r, set_group, 3);
    ctl_verdicts();
    ok("RADIO: %d hellos until joined, then %d messages to each of g1, g2, g3%s (%d resends)", hellos,
       g_count, g_lossy ? " over udp" : "", resends);
}

static void dish_recv(void *d, msg_group_fn group_of, char *group, char *text, int *idx,
                      const char *phase)
{
    zmq_msg_t m;
    msg_recv(d, &m, phase);
    const char *g = group_of(&m);
    if (!g)
        fail("%s: a message without a group", phase);
    snprintf(group, 256, "%s", g);
    size_t len = zmq_msg_size(&m);
    char head[64];
    size_t hl = len < sizeof head - 1 ? len : sizeof head - 1;
    memcpy(head, zmq_msg_data(&m), hl);
    head[hl] = 0;
    if (sscanf(head, "%31s %d:", text, idx) != 2)
        fail("%s: unexpected body \"%.30s\" in group %s", phase, head, group);
    check_body(zmq_msg_data(&m), len, text, *idx, 1);
    zmq_msg_close(&m);
}

static void dish_side(void *d)
{
    msg_group_fn group_of = DRAFT(msg_group_fn, "zmq_msg_group");
    join_fn leave = DRAFT(join_fn, "zmq_leave");
    char g[256], t[32], ack[64];
    int i, copies = 0;
    for (;;) {
        dish_recv(d, group_of, g, t, &i, "a hello");
        if (strcmp(g, "g2") == 0)
            fail("received a message of group g2, never joined");
        if (strcmp(g, "g1") == 0 && strcmp(t, "hello") == 0)
            break;
        fail("phase 1: unexpected %.20s \"%s %d\"", g, t, i);
    }
    send_str(g_ctl, "ready", 0);
    /* phase 2 */
    int next = 0, have1 = 0, have3 = 0;
    while (next < g_count) {
        dish_recv(d, group_of, g, t, &i, "phase 2");
        if (strcmp(g, "g2") == 0)
            fail("phase 2: received g2 \"%s %d\", never joined", t, i);
        if (strcmp(g, "g1") == 0 && strcmp(t, "hello") == 0 && next == 0 && !have1 && !have3)
            continue; /* hellos sent before the RADIO saw "ready" */
        int is1 = strcmp(g, "g1") == 0, is3 = strcmp(g, G3) == 0;
        if ((!is1 && !is3) || strcmp(t, "m") != 0 || i > next)
            fail("phase 2: unexpected %.20s \"%s %d\" (expecting %d)", g, t, i, next);
        int dup = i < next || (is1 && have1) || (is3 && have3);
        if (dup) {
            if (!g_lossy)
                fail("phase 2: %.20s \"m %d\" again (expecting %d)", g, i, next);
            copies++;
            continue;
        }
        have1 |= is1;
        have3 |= is3;
        if (have1 && have3) {
            snprintf(ack, sizeof ack, "ack %d", next);
            send_str(g_ctl, ack, 0);
            next++;
            have1 = have3 = 0;
        }
    }
    if (leave(d, G3) != 0)
        fail("zmq_leave(g3): %s", zerr(errno));
    send_str(g_ctl, "left", 0);
    /* phase 3 */
    next = 0;
    while (next < g_count) {
        dish_recv(d, group_of, g, t, &i, "phase 3");
        if (strcmp(g, G3) == 0)
            fail("phase 3: received g3 (%zu bytes) \"%s %d\" after zmq_leave", strlen(G3), t, i);
        if (strcmp(g, "g1") != 0)
            fail("phase 3: received %.20s \"%s %d\"", g, t, i);
        if (strcmp(t, "p") == 0 && i == next) {
            snprintf(ack, sizeof ack, "ack3 %d", next);
            send_str(g_ctl, ack, 0);
            next++;
        } else if (g_lossy && ((strcmp(t, "p") == 0 && i < next) || strcmp(t, "m") == 0)) {
            copies++; /* a resend of something already acknowledged */
        } else {
            fail("phase 3: unexpected g1 \"%s %d\" (expecting p %d)", t, i, next);
        }
    }
    ctl_verdicts();
    ok("DISH: g1+g3 joined: %d of each in order, none of g2; after zmq_leave(g3) %d of g1, none of "
       "g3%s (%d copies from resends ignored)",
       g_count, g_count, g_lossy ? "; over udp" : "", copies);
}

static void *new_dish(void)
{
    join_fn join = DRAFT(join_fn, "zmq_join");
    void *d = MK(ZMQ_DISH);
    if (join(d, "g1") != 0 || join(d, G3) != 0)
        fail("zmq_join: %s", zerr(errno));
    return d;
}

static void radio_dish_tcp_a(void)
{
    char ep[EP_MAX];
    (void)draft_fn("zmq_msg_set_group");
    radio_side(A_TCP(ZMQ_RADIO, ep));
}

static void radio_dish_tcp_b(void)
{
    ctl_connect();
    void *d = new_dish();
    do_connect(d, g_peer_ep);
    dish_side(d);
}

static void dish_radio_tcp_a(void)
{
    char ep[EP_MAX];
    (void)draft_fn("zmq_msg_group");
    ctl_bind();
    void *d = new_dish();
    a_bind_tcp(d, ep, sizeof ep);
    dish_side(d);
}

static void dish_radio_b(void)
{
    g_lossy = strncmp(g_peer_ep, "udp://", 6) == 0;
    radio_side(B_CONNECTED(ZMQ_RADIO));
}

static void radio_dish_udp_a(void)
{
    char ep[EP_MAX];
    (void)draft_fn("zmq_msg_group");
    g_lossy = 1;
    ctl_bind();
    void *d = new_dish();
    bind_udp(d, "127.0.0.1", ep, sizeof ep);
    a_ready(ep);
    dish_side(d);
}

/* Whether this machine delivers a multicast datagram sent to GROUP:PORT back
 * to a socket of the same host (a route for 224.0.0.0/4 and IP_MULTICAST_LOOP). */
static int multicast_works(const char *group, int port, char *why, size_t cap)
{
    int rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);
    int ok_ = 0, one = 1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_ANY);
    struct ip_mreq mr;
    mr.imr_multiaddr.s_addr = inet_addr(group);
    mr.imr_interface.s_addr = htonl(INADDR_ANY);
    struct timeval tv = {1, 0};
    if (rx < 0 || tx < 0) {
        snprintf(why, cap, "socket: %s", strerror(errno));
    } else if (setsockopt(rx, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
               bind(rx, (struct sockaddr *)&a, sizeof a) != 0) {
        snprintf(why, cap, "bind: %s", strerror(errno));
    } else if (setsockopt(rx, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr, sizeof mr) != 0) {
        snprintf(why, cap, "IP_ADD_MEMBERSHIP %s: %s", group, strerror(errno));
    } else {
        setsockopt(rx, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        unsigned char loop = 1;
        setsockopt(tx, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof loop);
        a.sin_addr.s_addr = inet_addr(group);
        char buf[16];
        if (sendto(tx, "probe", 5, 0, (struct sockaddr *)&a, sizeof a) != 5)
            snprintf(why, cap, "sendto %s:%d: %s", group, port, strerror(errno));
        else if (recv(rx, buf, sizeof buf, 0) != 5)
            snprintf(why, cap, "a datagram sent to %s:%d did not loop back within 1 s", group, port);
        else
            ok_ = 1;
    }
    if (rx >= 0)
        close(rx);
    if (tx >= 0)
        close(tx);
    return ok_;
}

static void radio_dish_mcast_a(void)
{
    char ep[EP_MAX], group[32], why[256];
    (void)draft_fn("zmq_msg_group");
    /* a group of its own per run: concurrent runs do not hear each other */
    unsigned pid = (unsigned)getpid();
    snprintf(group, sizeof group, "239.193.%u.%u", (pid >> 8) & 255, (pid & 255) | 1);
    int port = free_udp_port();
    if (!multicast_works(group, port, why, sizeof why))
        skip_machine("loopback multicast unavailable: %s", why);
    g_lossy = 1;
    ctl_bind();
    void *d = new_dish();
    for (int tries = 0;; tries++) {
        snprintf(ep, sizeof ep, "udp://%s:%d", group, port);
        if (zmq_bind(d, ep) == 0)
            break;
        int e = errno;
        if (unsupported_transport(e))
            skip("zmq_bind(%s): %s", ep, zerr(e));
        if (e != EADDRINUSE || tries >= 5)
            fail("zmq_bind(%s): %s", ep, zerr(e));
        port = free_udp_port();
    }
    a_ready(ep);
    dish_side(d);
}

/* ======================================================================= */
/* DGRAM <-> DGRAM over udp                                                */

static void dgram_a(void)
{
    char ep[EP_MAX], addr[256], buf[BUF_MAX];
    ctl_bind();
    void *d = MK(ZMQ_DGRAM);
    bind_udp(d, "127.0.0.1", ep, sizeof ep);
    a_ready(ep);
    for (int i = 0; i < g_count; i++) {
        recv_buf(d, addr, sizeof addr, "an address frame");
        if (!more(d))
            fail("datagram %d: the address frame has no body after it", i);
        size_t n = recv_buf(d, buf, sizeof buf, "a datagram body");
        char tag[300];
        snprintf(tag, sizeof tag, "from-%s", addr);
        check_body(buf, n, tag, i, 1); /* B put its own address in the body */
        send_buf(d, addr, strlen(addr), ZMQ_SNDMORE, "an address frame");
        send_buf(d, buf, body(buf, "re", i, 1), 0, "a reply");
    }
    ctl_verdicts();
    ok("%d datagrams, each answered to the address frame it came with", g_count);
}

static void dgram_b(void)
{
    char ep[EP_MAX], addr[256], buf[BUF_MAX];
    ctl_connect();
    const char *dest = g_peer_ep + strlen("udp://");
    if (strncmp(g_peer_ep, "udp://", 6) != 0)
        fail("not a udp endpoint: %s", g_peer_ep);
    void *d = MK(ZMQ_DGRAM);
    bind_udp(d, "127.0.0.1", ep, sizeof ep);
    char tag[EP_MAX + 8];
    snprintf(tag, sizeof tag, "from-%s", ep + 6);
    for (int i = 0; i < g_count; i++) {
        send_buf(d, dest, strlen(dest), ZMQ_SNDMORE, "an address frame");
        send_buf(d, buf, body(buf, tag, i, 1), 0, "a datagram");
        recv_buf(d, addr, sizeof addr, "an address frame");
        if (strcmp(addr, dest) != 0)
            fail("reply %d from address %s, expected %s", i, addr, dest);
        if (!more(d))
            fail("reply %d: the address frame has no body after it", i);
        size_t n = recv_buf(d, buf, sizeof buf, "a reply");
        check_body(buf, n, "re", i, 1);
    }
    ctl_verdicts();
    ok("%d datagrams to %s answered from it", g_count, dest);
}

/* ======================================================================= */
/* ws:// and wss://: REQ/REP and SERVER/CLIENT round trips                 */

/* Certificates made for this suite with openssl (ECDSA P-256, valid
 * 2000-2100).  The usual setup: a CA (wss_ca, the client's ZMQ_WSS_TRUST_PEM)
 * and a server certificate signed by it (CN and subjectAltName ferromq.test,
 * CA:FALSE, serverAuth; the client's ZMQ_WSS_HOSTNAME).  And the setup of
 * libzmq's own test_wss_transport: one self-signed certificate (CA:TRUE, here
 * with subjectAltName ferromq.test) that is both the server's certificate and
 * the client's trust anchor (wss-self-signed). */
static const char wss_ca[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBdjCCAR2gAwIBAgIBEDAKBggqhkjOPQQDAjAiMSAwHgYDVQQDDBdmZXJyb21x\n"
    "IGludGVyb3AgdGVzdCBDQTAgFw0wMDAxMDEwMDAwMDBaGA8yMTAwMDEwMTAwMDAw\n"
    "MFowIjEgMB4GA1UEAwwXZmVycm9tcSBpbnRlcm9wIHRlc3QgQ0EwWTATBgcqhkjO\n"
    "PQIBBggqhkjOPQMBBwNCAARMQP4OmW4c+wnuM+PZ2mVKaQ+56UG20zytFB86mc/w\n"
    "6ij/oOOKsyNv2OXpthcfdZo3eHNnJEsBTPvqrnHoDpKDo0IwQDAPBgNVHRMBAf8E\n"
    "BTADAQH/MA4GA1UdDwEB/wQEAwIBBjAdBgNVHQ4EFgQUBqF6pkTxh8bpfRA7jtKf\n"
    "02+BayswCgYIKoZIzj0EAwIDRwAwRAIgV0iYGNaQK84peJrKa1KYmnq79QFZ0mkG\n"
    "ftGxfrASWX0CIBwhsdutcGyv9u8giyiSYimW7DVzLEEIGUB4kGmKuvr7\n"
    "-----END CERTIFICATE-----\n";
static const char wss_leaf_key[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgwldhP8F/ckgUi+Wa\n"
    "Pqy8PqmnKzY5CILH1QyFh4WyFwyhRANCAAQS66H1H2zrfCIEicIyKPdBKtryQmee\n"
    "MkycjmskNh4+pbJrNigmUyERkB3HxoTjic8tqXlTcNypPvo9X1m8upvn\n"
    "-----END PRIVATE KEY-----\n";
static const char wss_leaf_cert[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBujCCAWCgAwIBAgIBETAKBggqhkjOPQQDAjAiMSAwHgYDVQQDDBdmZXJyb21x\n"
    "IGludGVyb3AgdGVzdCBDQTAgFw0wMDAxMDEwMDAwMDBaGA8yMTAwMDEwMTAwMDAw\n"
    "MFowFzEVMBMGA1UEAwwMZmVycm9tcS50ZXN0MFkwEwYHKoZIzj0CAQYIKoZIzj0D\n"
    "AQcDQgAEEuuh9R9s63wiBInCMij3QSra8kJnnjJMnI5rJDYePqWyazYoJlMhEZAd\n"
    "x8aE44nPLal5U3DcqT76PV9ZvLqb56OBjzCBjDAMBgNVHRMBAf8EAjAAMA4GA1Ud\n"
    "DwEB/wQEAwIHgDATBgNVHSUEDDAKBggrBgEFBQcDATAXBgNVHREEEDAOggxmZXJy\n"
    "b21xLnRlc3QwHQYDVR0OBBYEFMGRL/ewVnCP7zhq55HnWPqpLlfaMB8GA1UdIwQY\n"
    "MBaAFAaheqZE8YfG6X0QO47Sn9NvgWsrMAoGCCqGSM49BAMCA0gAMEUCIQDnBSuv\n"
    "GnDdGgddKZSMo5lrRpp7z8Fr/mB1tJeNoJ6x0gIgbBO06xIrbZtgLG62TpJuupQ8\n"
    "4HrkwRKRDsnh01IDcOE=\n"
    "-----END CERTIFICATE-----\n";


static const char wss_self_key[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgiNnv+qFM7ndPT3iC\n"
    "+7DU1pGQPjqfIsoe0TTDCZPzGzihRANCAAR9EKA1x2pSSu6A9g5xQ5vIu0n9t0R/\n"
    "X94hNgiJ9FNWIiEAzrN5rqynGjWnJcNlJ2zPnwORsgKNieFuTugyQm1d\n"
    "-----END PRIVATE KEY-----\n";
static const char wss_self_cert[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBeTCCASCgAwIBAgIBATAKBggqhkjOPQQDAjAXMRUwEwYDVQQDDAxmZXJyb21x\n"
    "LnRlc3QwIBcNMDAwMTAxMDAwMDAwWhgPMjEwMDAxMDEwMDAwMDBaMBcxFTATBgNV\n"
    "BAMMDGZlcnJvbXEudGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABH0QoDXH\n"
    "alJK7oD2DnFDm8i7Sf23RH9f3iE2CIn0U1YiIQDOs3murKcaNaclw2UnbM+fA5Gy\n"
    "Ao2J4W5O6DJCbV2jWzBZMBcGA1UdEQQQMA6CDGZlcnJvbXEudGVzdDAPBgNVHRMB\n"
    "Af8EBTADAQH/MA4GA1UdDwEB/wQEAwIChDAdBgNVHQ4EFgQU3ZGmFEOQTZ/xd7e8\n"
    "R9g5dL21X4gwCgYIKoZIzj0EAwIDRwAwRAIgOM32OcUo4V3L0jutdLHwC2sP1lx+\n"
    "U3847SdfyaOphlECIFuC4xBz5KoLqrq01EmKZMEDFqG1tUYJMKIFQziwHcFN\n"
    "-----END CERTIFICATE-----\n";
#define WSS_HOST "ferromq.test"

static int g_wss_self; /* wss-self-signed: the self-signed certificate */
#define WSS_SERVER_CERT (g_wss_self ? wss_self_cert : wss_leaf_cert)
#define WSS_SERVER_KEY (g_wss_self ? wss_self_key : wss_leaf_key)
#define WSS_TRUST (g_wss_self ? wss_self_cert : wss_ca)
#define WS_PATH "/fmq-draft"

/* libzmq's ZMQ_LAST_ENDPOINT for ws/wss leaves the path out: puts WS_PATH
 * back at the end of ep */
static void ws_with_path(char *ep, size_t cap)
{
    size_t el = strlen(ep), pl = strlen(WS_PATH);
    if (el < pl || strcmp(ep + el - pl, WS_PATH) != 0)
        snprintf(ep + el, cap - el, "%s", WS_PATH);
}

static int has_ws(int secure)
{
    /* libzmq 4.3.5 answers only the upper-case names "WS"/"WSS" */
    return secure ? (zmq_has("wss") || zmq_has("WSS")) : (zmq_has("ws") || zmq_has("WS"));
}

/* The RFC 26 / zmq_curve(7) example key pairs (as interop/peer.c). */
static const char CURVE_SERVER_PUBLIC[] = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
static const char CURVE_SERVER_SECRET[] = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6";
static const char CURVE_CLIENT_PUBLIC[] = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID";
static const char CURVE_CLIENT_SECRET[] = "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs";

static void need_curve(void)
{
    if (!zmq_has("curve"))
        skip("zmq_has(\"curve\") is 0");
}

/* side A of a round-trip scenario: type REP or SERVER on tcp://, ws:// or
 * wss:// (secure 0 tcp, 1 ws, 2 wss), as a CURVE server if curve */
static void rr_a2(int type, const char *tname, int tr, int curve)
{
    int secure = tr == 2;
    if (type == ZMQ_SERVER)
        need_rid_fns();
    if (tr && !has_ws(secure))
        skip("zmq_has(\"%s\") and zmq_has(\"%s\") are 0", secure ? "wss" : "ws",
             secure ? "WSS" : "WS");
    if (curve)
        need_curve();
    char ep[EP_MAX];
    ctl_bind();
    void *s = mk(type, tname);
    if (secure) {
        SET_STR(s, ZMQ_WSS_CERT_PEM, WSS_SERVER_CERT);
        SET_STR(s, ZMQ_WSS_KEY_PEM, WSS_SERVER_KEY);
    }
    if (curve) {
        SET_INT(s, ZMQ_CURVE_SERVER, 1);
        SET_STR(s, ZMQ_CURVE_SECRETKEY, CURVE_SERVER_SECRET);
    }
    if (tr == 0) {
        do_bind(s, "tcp://127.0.0.1:*", ep, sizeof ep);
    } else {
        do_bind(s, secure ? "wss://127.0.0.1:*" WS_PATH : "ws://127.0.0.1:*" WS_PATH, ep, sizeof ep);
        ws_with_path(ep, sizeof ep);
    }
    a_ready(ep);
    if (type == ZMQ_SERVER) {
        for (int i = 0; i < g_count; i++)
            answer_rid(s, i, "q", "request", "r", "reply", NULL);
    } else {
        answer_seq(s, "q", "a request", "r", "a reply");
    }
    ctl_verdicts();
    ok("%s%s on %s: %d requests answered (bodies 6 B .. 70 KB)", tname, curve ? " (CURVE)" : "", ep,
       g_count);
}

static void rr_a(int type, const char *tname, int secure) { rr_a2(type, tname, 1 + secure, 0); }

static void rr_b2(int type, const char *tname, int tr, int curve)
{
    int secure = tr == 2;
    if (tr && !has_ws(secure))
        skip("zmq_has(\"%s\") and zmq_has(\"%s\") are 0", secure ? "wss" : "ws",
             secure ? "WSS" : "WS");
    if (curve)
        need_curve();
    ctl_connect();
    void *s = mk(type, tname);
    if (secure) {
        SET_STR(s, ZMQ_WSS_TRUST_PEM, WSS_TRUST);
        SET_STR(s, ZMQ_WSS_HOSTNAME, WSS_HOST);
    }
    if (curve) {
        SET_STR(s, ZMQ_CURVE_SERVERKEY, CURVE_SERVER_PUBLIC);
        SET_STR(s, ZMQ_CURVE_PUBLICKEY, CURVE_CLIENT_PUBLIC);
        SET_STR(s, ZMQ_CURVE_SECRETKEY, CURVE_CLIENT_SECRET);
    }
    do_connect(s, g_peer_ep);
    round_trips(s, "q", "a request", "r", "a reply");
    ctl_verdicts();
    ok("%s%s to %s: %d round trips", tname, curve ? " (CURVE)" : "", g_peer_ep, g_count);
}

static void rr_b(int type, const char *tname, int secure) { rr_b2(type, tname, 1 + secure, 0); }
static void curve_server_client_a(void) { rr_a2(ZMQ_SERVER, "ZMQ_SERVER", 0, 1); }
static void curve_server_client_b(void) { rr_b2(ZMQ_CLIENT, "ZMQ_CLIENT", 0, 1); }
static void ws_curve_reqrep_a(void) { rr_a2(ZMQ_REP, "ZMQ_REP", 1, 1); }
static void ws_curve_reqrep_b(void) { rr_b2(ZMQ_REQ, "ZMQ_REQ", 1, 1); }

/* wss:// that must be refused: the client checks a host name the
 * certificate does not have, or trusts nothing; no request may reach the
 * REP within PEER_REFUSED_MS (default 2000) of the client having sent it. */
static int refused_ms(void)
{
    const char *t = getenv("PEER_REFUSED_MS");
    return t && atoi(t) > 0 ? atoi(t) : 2000;
}

static void wss_refused_a(void)
{
    if (!has_ws(1))
        skip("zmq_has(\"wss\") and zmq_has(\"WSS\") are 0");
    char ep[EP_MAX], buf[BUF_MAX];
    ctl_bind();
    void *s = MK(ZMQ_REP);
    SET_STR(s, ZMQ_WSS_CERT_PEM, WSS_SERVER_CERT);
    SET_STR(s, ZMQ_WSS_KEY_PEM, WSS_SERVER_KEY);
    do_bind(s, "wss://127.0.0.1:*" WS_PATH, ep, sizeof ep);
    ws_with_path(ep, sizeof ep);
    a_ready(ep);
    recv_buf(g_ctl, buf, sizeof buf, "\"sent\" on ctl");
    SET_INT(s, ZMQ_RCVTIMEO, refused_ms());
    int n = zmq_recv(s, buf, sizeof buf, 0);
    if (n >= 0)
        fail("a request arrived (%d bytes) over a TLS session the client should have refused", n);
    if (errno != EAGAIN)
        fail("recv: %s", zerr(errno));
    ctl_verdicts();
    ok("nothing arrived within %d ms", refused_ms());
}

static void wss_refused_b(int wrong_host)
{
    if (!has_ws(1))
        skip("zmq_has(\"wss\") and zmq_has(\"WSS\") are 0");
    char buf[64];
    ctl_connect();
    void *s = MK(ZMQ_REQ);
    if (wrong_host) {
        SET_STR(s, ZMQ_WSS_TRUST_PEM, WSS_TRUST);
        SET_STR(s, ZMQ_WSS_HOSTNAME, "wrong.test");
    }
    do_connect(s, g_peer_ep);
    send_str(s, "must-not-arrive", 0);
    send_str(g_ctl, "sent", 0);
    SET_INT(s, ZMQ_RCVTIMEO, refused_ms());
    if (zmq_recv(s, buf, sizeof buf, 0) >= 0)
        fail("a reply arrived over a TLS session that should have been refused");
    ctl_verdicts();
    ok("%s: refused, nothing delivered", wrong_host ? "wrong host name" : "untrusted certificate");
}

static void wss_bad_host_b(void) { wss_refused_b(1); }
static void wss_untrusted_b(void) { wss_refused_b(0); }

static void ws_reqrep_a(void) { rr_a(ZMQ_REP, "ZMQ_REP", 0); }
static void ws_reqrep_b(void) { rr_b(ZMQ_REQ, "ZMQ_REQ", 0); }
static void ws_server_client_a(void) { rr_a(ZMQ_SERVER, "ZMQ_SERVER", 0); }
static void ws_server_client_b(void) { rr_b(ZMQ_CLIENT, "ZMQ_CLIENT", 0); }
static void wss_reqrep_a(void) { rr_a(ZMQ_REP, "ZMQ_REP", 1); }
static void wss_reqrep_b(void) { rr_b(ZMQ_REQ, "ZMQ_REQ", 1); }
static void wss_self_a(void)
{
    g_wss_self = 1;
    rr_a(ZMQ_REP, "ZMQ_REP", 1);
}
static void wss_self_b(void)
{
    g_wss_self = 1;
    rr_b(ZMQ_REQ, "ZMQ_REQ", 1);
}
static void wss_server_client_a(void) { rr_a(ZMQ_SERVER, "ZMQ_SERVER", 1); }
static void wss_server_client_b(void) { rr_b(ZMQ_CLIENT, "ZMQ_CLIENT", 1); }

/* ======================================================================= */
/* Draft options whose effect crosses the wire                             */

static void router_recv(void *r, const char *want_id, const char *want_body)
{
    expect_str(r, want_id, 1);
    expect_str(r, want_body, 0);
}

/* side A's ROUTER r: from peer id, first then "ping"; answers "pong";
 * verdicts (B's first); then last from id, once B has closed */
static void router_ping_pong(void *r, const char *id, const char *first, const char *last)
{
    router_recv(r, id, first);
    router_recv(r, id, "ping");
    send_str(r, id, ZMQ_SNDMORE);
    send_str(r, "pong", 0);
    ctl_verdicts_(1, "B's verdict");
    /* B closes its socket after our verdict */
    router_recv(r, id, last);
}

/* side B, s connected: A's hello (unless NULL), then "ping" out and "pong"
 * back; verdicts (ours first); closes s */
static void ping_pong_close(void *s, const char *hello)
{
    if (hello)
        expect_str(s, hello, 0);
    send_str(s, "ping", 0);
    expect_str(s, "pong", 0);
    ctl_verdicts_(0, "A's verdict");
    close_sock(s);
}

/* ROUTER (A) and DEALER (B) each with ZMQ_HELLO_MSG: each side's first
 * message is the other's hello; A's ZMQ_DISCONNECT_MSG arrives when B goes. */
static void hello_msg_a(void)
{
    char ep[EP_MAX];
    ctl_bind();
    void *r = MK(ZMQ_ROUTER);
    SET_STR(r, ZMQ_HELLO_MSG, "hello-from-router");
    SET_STR(r, ZMQ_DISCONNECT_MSG, "peer-gone");
    a_bind_tcp(r, ep, sizeof ep);
    router_ping_pong(r, "dealer-b", "hello-from-dealer", "peer-gone");
    ok("ROUTER got the DEALER's hello first, the DEALER got ours first; "
       "ZMQ_DISCONNECT_MSG when it left");
}

static void hello_msg_b(void)
{
    ctl_connect();
    void *d = MK(ZMQ_DEALER);
    SET_STR(d, ZMQ_ROUTING_ID, "dealer-b");
    SET_STR(d, ZMQ_HELLO_MSG, "hello-from-dealer");
    do_connect(d, g_peer_ep);
    ping_pong_close(d, "hello-from-router");
    ok("the ROUTER's hello came first; ping/pong");
}

/* The same with the draft types: SERVER (A) and CLIENT (B) each with
 * ZMQ_HELLO_MSG; the SERVER's ZMQ_DISCONNECT_MSG comes with the CLIENT's
 * routing id. */
static void server_client_hello_a(void)
{
    need_rid_fns();
    char ep[EP_MAX];
    ctl_bind();
    void *srv = MK(ZMQ_SERVER);
    SET_STR(srv, ZMQ_HELLO_MSG, "hello-from-server");
    SET_STR(srv, ZMQ_DISCONNECT_MSG, "client-gone");
    a_bind_tcp(srv, ep, sizeof ep);
    static const char *const want[] = {"hello-from-client", "ping"};
    uint32_t rid = 0;
    for (int k = 0; k < 2; k++) {
        zmq_msg_t m;
        msg_recv(srv, &m, want[k]);
        size_t n = zmq_msg_size(&m);
        if (n != strlen(want[k]) || memcmp(zmq_msg_data(&m), want[k], n) != 0)
            fail("expected \"%s\", got %zu bytes \"%.*s\"", want[k], n, (int)(n > 40 ? 40 : n),
                 (const char *)zmq_msg_data(&m));
        uint32_t r = g_rid_of(&m);
        if (r == 0 || (rid && r != rid))
            fail("\"%s\" from routing id %u (before: %u)", want[k], r, rid);
        rid = r;
        zmq_msg_close(&m);
    }
    send_to_rid(srv, rid, "pong", 4, "pong");
    ctl_verdicts_(1, "B's verdict");
    /* B closes its CLIENT after our verdict */
    zmq_msg_t m;
    msg_recv(srv, &m, "the disconnect message");
    if (zmq_msg_size(&m) != 11 || memcmp(zmq_msg_data(&m), "client-gone", 11) != 0)
        fail("expected \"client-gone\", got %zu bytes", zmq_msg_size(&m));
    if (g_rid_of(&m) != rid)
        fail("the disconnect message has routing id %u, the CLIENT's is %u", g_rid_of(&m), rid);
    zmq_msg_close(&m);
    ok("SERVER got the CLIENT's hello first, the CLIENT got ours first; ZMQ_DISCONNECT_MSG "
       "with the CLIENT's routing id %u",
       rid);
}

static void server_client_hello_b(void)
{
    ctl_connect();
    void *c = MK(ZMQ_CLIENT);
    SET_STR(c, ZMQ_HELLO_MSG, "hello-from-client");
    do_connect(c, g_peer_ep);
    ping_pong_close(c, "hello-from-server");
    ok("the SERVER's hello came first; ping/pong");
}

/* ROUTER (A) with ZMQ_ROUTER_NOTIFY: an empty message from the DEALER's
 * routing id on connect and on disconnect. */
static void router_notify_a(void)
{
    char ep[EP_MAX];
    ctl_bind();
    void *r = MK(ZMQ_ROUTER);
    SET_INT(r, ZMQ_ROUTER_NOTIFY, ZMQ_NOTIFY_CONNECT | ZMQ_NOTIFY_DISCONNECT);
    a_bind_tcp(r, ep, sizeof ep);
    router_ping_pong(r, "notify-b", "", "");
    ok("connect and disconnect notifications from routing id notify-b");
}

static void router_notify_b(void)
{
    ctl_connect();
    void *d = MK(ZMQ_DEALER);
    SET_STR(d, ZMQ_ROUTING_ID, "notify-b");
    do_connect(d, g_peer_ep);
    ping_pong_close(d, NULL);
    ok("ping/pong, then closed");
}

static void expect_prop(zmq_msg_t *m, const char *name, const char *want)
{
    const char *v = zmq_msg_gets(m, name);
    if (!v)
        fail("zmq_msg_gets(%s): %s (expected \"%s\")", name, zerr(errno), want);
    if (strcmp(v, want) != 0)
        fail("zmq_msg_gets(%s) = \"%s\", expected \"%s\"", name, v, want);
}

/* ZMQ_METADATA on both sides: the other side reads it with zmq_msg_gets. */
static void metadata_a(void)
{
    char ep[EP_MAX], id[256];
    ctl_bind();
    void *r = MK(ZMQ_ROUTER);
    SET_STR(r, ZMQ_METADATA, "X-Side:router-a");
    a_bind_tcp(r, ep, sizeof ep);
    size_t il = recv_buf(r, id, sizeof id, "a routing id");
    zmq_msg_t m;
    msg_recv(r, &m, "ping");
    expect_prop(&m, "X-Side", "dealer-b");
    expect_prop(&m, "X-Extra", "42");
    expect_prop(&m, "Socket-Type", "DEALER");
    zmq_msg_close(&m);
    send_buf(r, id, il, ZMQ_SNDMORE, "a routing id");
    send_str(r, "pong", 0);
    ctl_verdicts();
    ok("the DEALER's X-Side, X-Extra and Socket-Type read with zmq_msg_gets");
}

static void metadata_b(void)
{
    ctl_connect();
    void *d = MK(ZMQ_DEALER);
    SET_STR(d, ZMQ_METADATA, "X-Side:dealer-b");
    SET_STR(d, ZMQ_METADATA, "X-Extra:42");
    do_connect(d, g_peer_ep);
    send_str(d, "ping", 0);
    zmq_msg_t m;
    msg_recv(d, &m, "pong");
    expect_prop(&m, "X-Side", "router-a");
    expect_prop(&m, "Socket-Type", "ROUTER");
    zmq_msg_close(&m);
    ctl_verdicts();
    ok("the ROUTER's X-Side and Socket-Type read with zmq_msg_gets");
}

/* ======================================================================= */
/* Monitor events, version 2, around a SERVER/CLIENT connection            */

struct mev {
    uint64_t event;
    uint64_t nvals;
    uint64_t vals[8];
    char local[EP_MAX];
    char remote[EP_MAX];
};

static const char *g_mon_for = "?"; /* the event being waited for, for messages */

static void mon_frame(void *mon, void *buf, size_t cap, size_t *len, int want_more, const char *what)
{
    int n = zmq_recv(mon, buf, cap, 0);
    if (n < 0)
        fail("monitor: waiting for %s: recv %s: %s", g_mon_for, what, zerr(errno));
    if ((size_t)n > cap)
        fail("monitor: %s is %d bytes, at most %zu expected", what, n, cap);
    if (more(mon) != want_more)
        fail("monitor: after %s RCVMORE is %d, expected %d", what, !want_more, want_more);
    *len = (size_t)n;
}

/* reads one v2 event: u64 event, u64 n, n x u64 value, local, remote */
static void mon_read(void *mon, struct mev *e)
{
    size_t len;
    mon_frame(mon, &e->event, 8, &len, 1, "the event frame");
    if (len != 8)
        fail("monitor v2: event frame of %zu bytes, expected 8", len);
    mon_frame(mon, &e->nvals, 8, &len, 1, "the value count frame");
    if (len != 8 || e->nvals > 8)
        fail("monitor v2: value count frame of %zu bytes / count %llu", len,
             (unsigned long long)e->nvals);
    for (uint64_t i = 0; i < e->nvals; i++) {
        mon_frame(mon, &e->vals[i], 8, &len, 1, "a value frame");
        if (len != 8)
            fail("monitor v2: value frame of %zu bytes, expected 8", len);
    }
    mon_frame(mon, e->local, sizeof e->local - 1, &len, 1, "the local endpoint");
    e->local[len] = 0;
    mon_frame(mon, e->remote, sizeof e->remote - 1, &len, 0, "the remote endpoint");
    e->remote[len] = 0;
}

/* reads events until WANT; stores it in e; the others are only counted */
static void mon_until(void *mon, uint64_t want, struct mev *e, const char *name)
{
    g_mon_for = name;
    for (;;) {
        mon_read(mon, e);
        if (e->event == want)
            return;
        if (e->event == ZMQ_EVENT_MONITOR_STOPPED)
            fail("monitor stopped before %s", name);
    }
}

static void *monitor_v2(void *s, const char *inproc)
{
    monitor_versioned_fn mv = DRAFT(monitor_versioned_fn, "zmq_socket_monitor_versioned");
    if (mv(s, inproc, ZMQ_EVENT_ALL_V2, 2, ZMQ_PAIR) != 0) {
        int e = errno;
        if (e == EINVAL)
            skip("zmq_socket_monitor_versioned(version 2, ZMQ_EVENT_ALL_V2, ZMQ_PAIR): %s", zerr(e));
        fail("zmq_socket_monitor_versioned: %s", zerr(e));
    }
    void *mon = MK(ZMQ_PAIR);
    do_connect(mon, inproc);
    return mon;
}

static void expect_ep(const struct mev *e, const char *name, const char *local, const char *remote)
{
    if (e->nvals != 1)
        fail("monitor v2 %s: %llu values, expected 1", name, (unsigned long long)e->nvals);
    if (local && strcmp(e->local, local) != 0)
        fail("monitor v2 %s: local endpoint \"%s\", expected \"%s\"", name, e->local, local);
    if (remote && strcmp(e->remote, remote) != 0)
        fail("monitor v2 %s: remote endpoint \"%s\", expected \"%s\"", name, e->remote, remote);
}

static void monitor_v2_a(void)
{
    need_rid_fns();
    pipes_stats_fn pipes_stats = DRAFT(pipes_stats_fn, "zmq_socket_monitor_pipes_stats");
    char ep[EP_MAX], blocal[EP_MAX];
    struct mev e;
    ctl_bind();
    void *srv = MK(ZMQ_SERVER);
    void *mon = monitor_v2(srv, "inproc://dpeer-monitor-a");
    do_bind(srv, "tcp://127.0.0.1:*", ep, sizeof ep);
    mon_until(mon, ZMQ_EVENT_LISTENING, &e, "LISTENING");
    expect_ep(&e, "LISTENING", ep, "");
    a_ready(ep);
    zmq_msg_t m;
    msg_recv(srv, &m, "the CLIENT's local endpoint");
    uint32_t rid = g_rid_of(&m);
    size_t n = zmq_msg_size(&m);
    if (n == 0 || n >= sizeof blocal)
        fail("the CLIENT's message has %zu bytes", n);
    memcpy(blocal, zmq_msg_data(&m), n);
    blocal[n] = 0;
    zmq_msg_close(&m);
    mon_until(mon, ZMQ_EVENT_ACCEPTED, &e, "ACCEPTED");
    expect_ep(&e, "ACCEPTED", ep, blocal);
    mon_until(mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, &e, "HANDSHAKE_SUCCEEDED");
    expect_ep(&e, "HANDSHAKE_SUCCEEDED", ep, blocal);
    if (pipes_stats(srv) != 0)
        fail("zmq_socket_monitor_pipes_stats: %s", zerr(errno));
    /* libzmq publishes the stats through the socket's command mailbox: the
     * event comes once the socket has processed its commands (any call on
     * it, here ZMQ_EVENTS), as libzmq's own test_monitor does */
    int64_t deadline = now_ms() + g_timeout_ms;
    g_mon_for = "PIPES_STATS";
    for (;;) {
        int ev;
        size_t evl = sizeof ev;
        if (zmq_getsockopt(srv, ZMQ_EVENTS, &ev, &evl) != 0)
            fail("ZMQ_EVENTS: %s", zerr(errno));
        zmq_pollitem_t it = {mon, 0, ZMQ_POLLIN, 0};
        if (zmq_poll(&it, 1, 20) < 0)
            fail("zmq_poll(monitor): %s", zerr(errno));
        if (it.revents & ZMQ_POLLIN) {
            mon_read(mon, &e);
            if (e.event == ZMQ_EVENT_PIPES_STATS)
                break;
        } else if (now_ms() > deadline) {
            fail("no PIPES_STATS event within %d ms of zmq_socket_monitor_pipes_stats", g_timeout_ms);
        }
    }
    if (e.nvals != 2)
        fail("monitor v2 PIPES_STATS: %llu values, expected 2", (unsigned long long)e.nvals);
    if (strcmp(e.remote, blocal) != 0)
        fail("monitor v2 PIPES_STATS: remote \"%s\", expected \"%s\"", e.remote, blocal);
    send_to_rid(srv, rid, "bye", 3, "bye");
    /* the CLIENT closes after "bye" */
    mon_until(mon, ZMQ_EVENT_DISCONNECTED, &e, "DISCONNECTED");
    expect_ep(&e, "DISCONNECTED", ep, blocal);
    ctl_verdicts();
    ok("SERVER monitor v2: LISTENING, ACCEPTED, HANDSHAKE_SUCCEEDED, PIPES_STATS (2 values), "
       "DISCONNECTED, endpoints local %s remote %s", ep, blocal);
}

static void monitor_v2_b(void)
{
    struct mev e;
    char blocal[EP_MAX];
    ctl_connect();
    void *c = MK(ZMQ_CLIENT);
    void *mon = monitor_v2(c, "inproc://dpeer-monitor-b");
    do_connect(c, g_peer_ep);
    mon_until(mon, ZMQ_EVENT_CONNECTED, &e, "CONNECTED");
    expect_ep(&e, "CONNECTED", NULL, g_peer_ep);
    if (strncmp(e.local, "tcp://127.0.0.1:", 16) != 0)
        fail("monitor v2 CONNECTED: local endpoint \"%s\", expected tcp://127.0.0.1:<port>", e.local);
    snprintf(blocal, sizeof blocal, "%s", e.local);
    mon_until(mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, &e, "HANDSHAKE_SUCCEEDED");
    expect_ep(&e, "HANDSHAKE_SUCCEEDED", blocal, g_peer_ep);
    send_str(c, blocal, 0);
    expect_str(c, "bye", 0);
    close_sock(c);
    ctl_verdicts();
    ok("CLIENT monitor v2: CONNECTED, HANDSHAKE_SUCCEEDED, local %s remote %s", blocal, g_peer_ep);
}

/* ======================================================================= */

struct scenario {
    const char *name;
    void (*a)(void);
    void (*b)(void);
    const char *what;
};

static const struct scenario SCENARIOS[] = {
    {"server-client", server_client_a, server_client_b,
     "SERVER binds tcp, 2 CLIENTs connect: replies by routing id reach the right client"},
    {"client-server", client_server_a, client_server_b,
     "CLIENT binds tcp, SERVER connects and answers by routing id"},
    {"server-client-curve", curve_server_client_a, curve_server_client_b,
     "SERVER (CURVE server) binds tcp, CLIENT (CURVE client) connects: round trips"},
    {"scatter-gather", scatter_gather_a, scatter_gather_b,
     "SCATTER binds tcp, GATHER connects: messages in order, intact"},
    {"gather-scatter", gather_scatter_a, gather_scatter_b,
     "GATHER binds tcp, SCATTER connects: messages in order, intact"},
    {"peer-peer", peer_peer_a, peer_peer_b,
     "PEER binds tcp, PEER zmq_connect_peer: pings by routing id, pongs from it"},
    {"channel", channel_a, channel_b, "CHANNEL binds tcp, CHANNEL connects: echoes"},
    {"radio-dish-tcp", radio_dish_tcp_a, radio_dish_tcp_b,
     "RADIO binds tcp, DISH connects: zmq_join g1/g3 filtering, zmq_leave"},
    {"dish-radio-tcp", dish_radio_tcp_a, dish_radio_b,
     "DISH binds tcp, RADIO connects: the same"},
    {"radio-dish-udp", radio_dish_udp_a, dish_radio_b,
     "DISH binds udp://127.0.0.1:port, RADIO connects (unicast): the same"},
    {"radio-dish-mcast", radio_dish_mcast_a, dish_radio_b,
     "DISH binds udp://239.x.y.z:port, RADIO connects (multicast over loopback): the same"},
    {"dgram", dgram_a, dgram_b,
     "DGRAM <-> DGRAM over udp: [address, body] datagrams answered to their source"},
    {"ws-reqrep", ws_reqrep_a, ws_reqrep_b, "REP binds ws://, REQ connects: 6 B .. 70 KB bodies"},
    {"ws-server-client", ws_server_client_a, ws_server_client_b,
     "SERVER binds ws://, CLIENT connects: round trips"},
    {"ws-curve-reqrep", ws_curve_reqrep_a, ws_curve_reqrep_b,
     "REP (CURVE server) binds ws://, REQ (CURVE client) connects: round trips"},
    {"wss-reqrep", wss_reqrep_a, wss_reqrep_b,
     "REP binds wss:// (a CA-signed server certificate), REQ trusts the CA, checks the host name"},
    {"wss-self-signed", wss_self_a, wss_self_b,
     "REP binds wss:// with a self-signed CA:TRUE certificate the REQ trusts as is (libzmq's test setup)"},
    {"wss-server-client", wss_server_client_a, wss_server_client_b,
     "SERVER binds wss://, CLIENT connects: round trips"},
    {"wss-bad-host", wss_refused_a, wss_bad_host_b,
     "wss:// client checks a host name the certificate lacks: nothing delivered"},
    {"wss-untrusted", wss_refused_a, wss_untrusted_b,
     "wss:// client trusts no certificate: nothing delivered"},
    {"hello-msg", hello_msg_a, hello_msg_b,
     "ZMQ_HELLO_MSG both ways (ROUTER/DEALER), ZMQ_DISCONNECT_MSG on the ROUTER"},
    {"server-client-hello", server_client_hello_a, server_client_hello_b,
     "ZMQ_HELLO_MSG both ways (SERVER/CLIENT), the SERVER's ZMQ_DISCONNECT_MSG by routing id"},
    {"router-notify", router_notify_a, router_notify_b,
     "ZMQ_ROUTER_NOTIFY: connect and disconnect notifications for a DEALER"},
    {"metadata", metadata_a, metadata_b, "ZMQ_METADATA both ways, read with zmq_msg_gets"},
    {"monitor-v2", monitor_v2_a, monitor_v2_b,
     "zmq_socket_monitor_versioned v2 on SERVER and CLIENT: events, values, endpoints, PIPES_STATS"},
};
#define NSCN (sizeof SCENARIOS / sizeof SCENARIOS[0])

static void print_has(void)
{
    static const char *caps[] = {"draft", "ws", "wss", "WS", "WSS", "curve", "ipc", "tipc", "udp"};
    static const char *fns[] = {"zmq_join", "zmq_leave", "zmq_connect_peer", "zmq_msg_set_routing_id",
                                "zmq_msg_routing_id", "zmq_msg_set_group", "zmq_msg_group",
                                "zmq_socket_monitor_versioned", "zmq_socket_monitor_pipes_stats",
                                "zmq_poller_new", "zmq_socket_get_peer_state"};
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++)
        printf("zmq_has(\"%s\") = %d\n", caps[i], zmq_has(caps[i]));
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        printf("%s: %s\n", fns[i], dlsym(RTLD_DEFAULT, fns[i]) ? "exported" : "MISSING");
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *t = getenv("PEER_TIMEOUT_MS");
    if (t && atoi(t) > 0)
        g_timeout_ms = atoi(t);
    const char *c = getenv("DPEER_COUNT");
    if (c && atoi(c) > 0)
        g_count = atoi(c);
    if (argc == 2 && strcmp(argv[1], "--list") == 0) {
        for (size_t i = 0; i < NSCN; i++)
            printf("%-20s %s\n", SCENARIOS[i].name, SCENARIOS[i].what);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "--has") == 0) {
        print_lib();
        print_has();
        return 0;
    }
    const struct scenario *sc = NULL;
    if (argc >= 3)
        for (size_t i = 0; i < NSCN; i++)
            if (strcmp(argv[1], SCENARIOS[i].name) == 0)
                sc = &SCENARIOS[i];
    int is_a = argc == 3 && strcmp(argv[2], "A") == 0;
    int is_b = argc == 5 && strcmp(argv[2], "B") == 0;
    if (!sc || !(is_a || is_b)) {
        fprintf(stderr, "usage: dpeer --list | --has | <scenario> A | <scenario> B <endpoint> <ctl>\n");
        return 2;
    }
    g_scn = sc->name;
    g_side = is_a ? "A" : "B";
    print_lib();
    g_ctx = zmq_ctx_new();
    if (!g_ctx)
        fail("zmq_ctx_new: %s", zerr(errno));
    if (is_b) {
        g_peer_ep = argv[3];
        snprintf(g_ctl_ep, sizeof g_ctl_ep, "%s", argv[4]);
        sc->b();
    } else {
        sc->a();
    }
    fail("scenario returned without a verdict");
}
