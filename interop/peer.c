/*
 * interop/peer.c: one side of a ZeroMQ pattern, for the interop ring.
 *
 *   peer [security options] <role> <bind|connect> <endpoint> <count> [topic] [ctl-endpoint]
 *
 *   role      req | rep | pub | sub | push | pull
 *   endpoint  bind:    what to bind, e.g. tcp://127.0.0.1:*  or  ipc:///tmp/x/y.sock
 *             connect: the endpoint the binding peer printed
 *   count     number of messages in the deterministic sequence (>= 0)
 *   topic     pub/sub only (required, non-empty): the subscription prefix
 *   ctl       pub/sub only: the side channel (REQ on sub, REP on pub) that the
 *             binding side binds next to the data socket. Bind: optional (default
 *             tcp://127.0.0.1:* for tcp, <endpoint>-ctl for ipc); connect: required.
 *
 * Security options (they apply to the data socket only, never to the ctl
 * side channel; keys are the fixed example key pairs of RFC 26 / zmq_curve(7),
 * so no side needs zmq_curve_keypair):
 *   --curve-server          CURVE server: ZMQ_CURVE_SERVER=1 + the server secret key
 *   --curve-client          CURVE client: the server public key + the client key pair
 *   --curve-serverkey Z85   (with --curve-client) use this server public key instead
 *                           (a wrong one, for the negative cases)
 *   --plain-server          ZMQ_PLAIN_SERVER=1 (refuses everyone without a ZAP handler)
 *   --plain-client U:P      ZMQ_PLAIN_USERNAME=U, ZMQ_PLAIN_PASSWORD=P
 *   --zap-domain D          ZMQ_ZAP_DOMAIN=D
 *   --zap allow|deny        bind a ZAP handler (REP on inproc://zeromq.zap.01, served
 *                           by a thread) in this process: "allow" answers 200 to PLAIN
 *                           admin/secret, to the fixed CURVE client key and to NULL,
 *                           400 to anything else; "deny" answers 400 to everything
 *   --refused               the connection must be refused: req sends one request and
 *                           rep waits for one; the peer passes ("result OK refused")
 *                           only if nothing arrives within PEER_REFUSED_MS (default
 *                           2000).  req/rep only.
 *
 * Environment: PEER_TIMEOUT_MS (default 10000) bounds every wait (RCVTIMEO,
 * SNDTIMEO, LINGER, handshake deadlines); PEER_REFUSED_MS (default 2000) is
 * how long --refused waits for the message that must not come.
 *
 * Output, one item per line, flushed line by line:
 *   libzmq <realpath of the libzmq mapped in /proc/self/maps> version <x.y.z>
 *   endpoint <resolved data endpoint>          (bind side only)
 *   ctl <resolved side-channel endpoint>       (bind side, pub/sub only)
 *   result OK <role> <mode> ...   |   result FAIL <role> <mode>: <reason>
 * Exit status: 0 only if everything expected arrived intact and in order;
 * 1 on failure, 2 on usage errors.
 *
 * The message sequence is a pure function of (index, salt) and is mirrored
 * exactly by interop/py/common.py, so either implementation can be on either
 * side. Message i (salt s):
 *   i == 1:  2 parts: (1 MiB + s) bytes, then an empty frame
 *   else:    1 + (i + s) % 4 parts, part j of SIZES[(i + 3j + s) % 9] bytes
 *   byte k of part j = (131 i + 29 j + 57 s + 7 k) mod 256
 * SIZES covers empty frames, 255 (largest short frame), 256/300/... (long
 * frames, 8-byte length) and 64 KiB+3. Salts: 0 request / push, 1 reply,
 * 2 pub payload (after the topic frame).
 *
 * PUB/SUB handshake (subscriptions propagate asynchronously): the publisher
 * publishes "<topic>/hello" every 20 ms and polls its REP side channel; the
 * subscriber waits for one hello, then sends "ready" on its REQ and gets "go".
 * The publisher then sends, for each i, a near-miss topic (<topic> minus its
 * last byte, even i), a non-matching topic (first byte + 1), and the real
 * message "<topic>/<i>" + payload(i, 2); then "<topic>/end". The subscriber
 * must see only matching topics (stale hellos are skipped), all i in order,
 * then end; it reports "OK ..." or "FAIL ..." on the side channel and the
 * publisher exits 0 only on "OK".
 */
#include <zmq.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BIG_SIZE (1u << 20)
#define MAX_PARTS 16
static const size_t SIZES[] = {0, 1, 17, 255, 256, 300, 1000, 8192, 65539};
#define NSIZES (sizeof SIZES / sizeof SIZES[0])

static const char *g_role = "?";
static const char *g_mode = "?";
static int g_timeout_ms = 10000;

/* zmq_strerror, never NULL, with the errno number */
static const char *zerr(int e)
{
    static char buf[320];
    const char *s = zmq_strerror(e);
    snprintf(buf, sizeof buf, "%s (errno %d)", s ? s : "?", e);
    return buf;
}

static void fail(const char *fmt, ...)
{
    va_list ap;
    printf("result FAIL %s %s: ", g_role, g_mode);
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
    if (f) {
        while (fgets(line, sizeof line, f)) {
            char *p = strstr(line, "libzmq");
            if (!p)
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
}

/* ---- the deterministic sequence -------------------------------------------- */

static int gen_nparts(int i, int salt)
{
    return i == 1 ? 2 : 1 + (i + salt) % 4;
}

static size_t gen_size(int i, int salt, int j)
{
    if (i == 1)
        return j == 0 ? BIG_SIZE + (size_t)salt : 0;
    return SIZES[(size_t)(i + 3 * j + salt) % NSIZES];
}

static unsigned char gen_byte(int i, int salt, int j, size_t k)
{
    return (unsigned char)(((size_t)i * 131 + (size_t)j * 29 + (size_t)salt * 57 + k * 7) & 0xff);
}

static void sock_opt_int(void *s, int opt, int v, const char *name)
{
    if (zmq_setsockopt(s, opt, &v, sizeof v) != 0)
        fail("setsockopt %s: %s", name, zerr(zmq_errno()));
}

static void *make_socket(void *ctx, int type, const char *name)
{
    void *s = zmq_socket(ctx, type);
    if (!s)
        fail("zmq_socket(%s): %s", name, zerr(zmq_errno()));
    sock_opt_int(s, ZMQ_LINGER, g_timeout_ms, "ZMQ_LINGER");
    sock_opt_int(s, ZMQ_RCVTIMEO, g_timeout_ms, "ZMQ_RCVTIMEO");
    sock_opt_int(s, ZMQ_SNDTIMEO, g_timeout_ms, "ZMQ_SNDTIMEO");
    return s;
}

/* ---- security (data socket only) ------------------------------------------- */

/* RFC 26 / zmq_curve(7) example key pairs */
static const char CURVE_SERVER_PUBLIC[] = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
static const char CURVE_SERVER_SECRET[] = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6";
static const char CURVE_CLIENT_PUBLIC[] = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID";
static const char CURVE_CLIENT_SECRET[] = "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs";

static int g_curve_server, g_curve_client, g_plain_server, g_refused;
static const char *g_curve_serverkey = CURVE_SERVER_PUBLIC;
static const char *g_plain_client; /* "user:password" */
static const char *g_zap_domain;
static const char *g_zap; /* "allow" | "deny" */
static int g_refused_ms = 2000;

static void sock_opt_bytes(void *s, int opt, const void *v, size_t len, const char *name)
{
    if (zmq_setsockopt(s, opt, v, len) != 0)
        fail("setsockopt %s: %s", name, zerr(zmq_errno()));
}

/* make_socket + the security options from the command line */
static void *make_data_socket(void *ctx, int type, const char *name)
{
    void *s = make_socket(ctx, type, name);
    if (g_curve_server) {
        sock_opt_int(s, ZMQ_CURVE_SERVER, 1, "ZMQ_CURVE_SERVER");
        sock_opt_bytes(s, ZMQ_CURVE_SECRETKEY, CURVE_SERVER_SECRET, 40, "ZMQ_CURVE_SECRETKEY");
    }
    if (g_curve_client) {
        sock_opt_bytes(s, ZMQ_CURVE_SERVERKEY, g_curve_serverkey, strlen(g_curve_serverkey),
                       "ZMQ_CURVE_SERVERKEY");
        sock_opt_bytes(s, ZMQ_CURVE_PUBLICKEY, CURVE_CLIENT_PUBLIC, 40, "ZMQ_CURVE_PUBLICKEY");
        sock_opt_bytes(s, ZMQ_CURVE_SECRETKEY, CURVE_CLIENT_SECRET, 40, "ZMQ_CURVE_SECRETKEY");
    }
    if (g_plain_server)
        sock_opt_int(s, ZMQ_PLAIN_SERVER, 1, "ZMQ_PLAIN_SERVER");
    if (g_plain_client) {
        const char *colon = strchr(g_plain_client, ':');
        if (!colon || colon == g_plain_client || !colon[1])
            fail("--plain-client wants USER:PASSWORD");
        sock_opt_bytes(s, ZMQ_PLAIN_USERNAME, g_plain_client, (size_t)(colon - g_plain_client),
                       "ZMQ_PLAIN_USERNAME");
        sock_opt_bytes(s, ZMQ_PLAIN_PASSWORD, colon + 1, strlen(colon + 1), "ZMQ_PLAIN_PASSWORD");
    }
    if (g_zap_domain)
        sock_opt_bytes(s, ZMQ_ZAP_DOMAIN, g_zap_domain, strlen(g_zap_domain), "ZMQ_ZAP_DOMAIN");
    if (g_refused)
        sock_opt_int(s, ZMQ_LINGER, 0, "ZMQ_LINGER"); /* the request may never leave */
    return s;
}

/* The ZAP handler (RFC 27): a REP bound in the main thread (so it exists before
 * any handshake), served by a thread that polls 50 ms at a time until stopped. */
typedef struct {
    void *sock;
    volatile int stop;
    int requests, allowed;
} zap_t;

static void *zap_thread(void *arg)
{
    zap_t *z = arg;
    while (!__atomic_load_n(&z->stop, __ATOMIC_ACQUIRE)) {
        zmq_pollitem_t it = {z->sock, 0, ZMQ_POLLIN, 0};
        if (zmq_poll(&it, 1, 50) <= 0)
            continue;
        char f[10][256];
        size_t len[10];
        int n = 0;
        for (;;) {
            int rc = zmq_recv(z->sock, n < 10 ? f[n] : f[9], 255, 0);
            if (rc < 0)
                fail("ZAP handler recv: %s", zerr(zmq_errno()));
            if (n < 10)
                len[n++] = rc > 255 ? 255 : (size_t)rc;
            int more = 0;
            size_t ml = sizeof more;
            zmq_getsockopt(z->sock, ZMQ_RCVMORE, &more, &ml);
            if (!more)
                break;
        }
        /* version, request id, domain, address, routing id, mechanism, credentials */
        int ok = 0;
        if (strcmp(g_zap, "allow") == 0 && n >= 6) {
            if (len[5] == 4 && memcmp(f[5], "NULL", 4) == 0)
                ok = 1;
            else if (len[5] == 5 && memcmp(f[5], "PLAIN", 5) == 0 && n == 8)
                ok = len[6] == 5 && memcmp(f[6], "admin", 5) == 0 && len[7] == 6 &&
                     memcmp(f[7], "secret", 6) == 0;
            else if (len[5] == 5 && memcmp(f[5], "CURVE", 5) == 0 && n == 7 && len[6] == 32) {
                uint8_t key[32];
                ok = zmq_z85_decode(key, CURVE_CLIENT_PUBLIC) && memcmp(key, f[6], 32) == 0;
            }
        }
        const char *status = ok ? "200" : "400";
        if (n < 2)
            fail("ZAP handler: request of %d frames", n);
        if (zmq_send(z->sock, f[0], len[0], ZMQ_SNDMORE) < 0 ||
            zmq_send(z->sock, f[1], len[1], ZMQ_SNDMORE) < 0 ||
            zmq_send(z->sock, status, 3, ZMQ_SNDMORE) < 0 ||
            zmq_send(z->sock, ok ? "OK" : "Denied", ok ? 2 : 6, ZMQ_SNDMORE) < 0 ||
            /* empty user id: with a non-empty one, libzmq 4.3.4 pushes a "credential"
               frame that a REQ session rejects, so a REQ acting as the ZAP-checked
               server drops the connection at the first reply */
            zmq_send(z->sock, "", 0, ZMQ_SNDMORE) < 0 ||
            zmq_send(z->sock, "", 0, 0) < 0)
            fail("ZAP handler send: %s", zerr(zmq_errno()));
        __atomic_add_fetch(&z->requests, 1, __ATOMIC_RELEASE);
        if (ok)
            __atomic_add_fetch(&z->allowed, 1, __ATOMIC_RELEASE);
    }
    return NULL;
}

static zap_t g_zap_state;
static pthread_t g_zap_tid;

static void zap_start(void *ctx)
{
    if (!g_zap)
        return;
    g_zap_state.sock = make_socket(ctx, ZMQ_REP, "REP (ZAP)");
    sock_opt_int(g_zap_state.sock, ZMQ_LINGER, 0, "ZMQ_LINGER");
    if (zmq_bind(g_zap_state.sock, "inproc://zeromq.zap.01") != 0)
        fail("bind inproc://zeromq.zap.01: %s", zerr(zmq_errno()));
    if (pthread_create(&g_zap_tid, NULL, zap_thread, &g_zap_state) != 0)
        fail("pthread_create");
}

/* stops the handler thread and closes its socket (before zmq_ctx_term) */
static void zap_stop(void)
{
    if (!g_zap || !g_zap_state.sock)
        return;
    __atomic_store_n(&g_zap_state.stop, 1, __ATOMIC_RELEASE);
    pthread_join(g_zap_tid, NULL);
    zmq_close(g_zap_state.sock);
    g_zap_state.sock = NULL;
    printf("zap requests=%d allowed=%d\n", g_zap_state.requests, g_zap_state.allowed);
}

/* bind (printing the resolved endpoint as "<label> <ep>") or connect */
static void attach(void *s, int bind, const char *ep, const char *label)
{
    if (bind) {
        if (zmq_bind(s, ep) != 0)
            fail("zmq_bind(%s): %s", ep, zerr(zmq_errno()));
        char buf[1024];
        size_t len = sizeof buf;
        if (zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, buf, &len) != 0)
            fail("getsockopt ZMQ_LAST_ENDPOINT: %s", zerr(zmq_errno()));
        buf[sizeof buf - 1] = 0;
        printf("%s %s\n", label, buf);
        fflush(stdout);
    } else if (zmq_connect(s, ep) != 0) {
        fail("zmq_connect(%s): %s", ep, zerr(zmq_errno()));
    }
}

static void send_frame(void *s, const void *data, size_t len, int more, const char *what)
{
    zmq_msg_t m;
    if (zmq_msg_init_size(&m, len) != 0)
        fail("zmq_msg_init_size(%zu): %s", len, zerr(zmq_errno()));
    if (len)
        memcpy(zmq_msg_data(&m), data, len);
    if (zmq_msg_send(&m, s, more ? ZMQ_SNDMORE : 0) != (int)len) {
        int e = zmq_errno();
        zmq_msg_close(&m);
        fail("send %s (%zu bytes): %s", what, len, zerr(e));
    }
}

static void send_str(void *s, const char *str, int more, const char *what)
{
    send_frame(s, str, strlen(str), more, what);
}

/* sends message (i, salt), preceded by a topic frame when topic != NULL */
static void send_gen(void *s, int i, int salt, const char *topic)
{
    char what[64];
    snprintf(what, sizeof what, "message %d", i);
    if (topic)
        send_str(s, topic, 1, what);
    int n = gen_nparts(i, salt);
    for (int j = 0; j < n; j++) {
        size_t len = gen_size(i, salt, j);
        zmq_msg_t m;
        if (zmq_msg_init_size(&m, len) != 0)
            fail("zmq_msg_init_size(%zu): %s", len, zerr(zmq_errno()));
        unsigned char *d = zmq_msg_data(&m);
        for (size_t k = 0; k < len; k++)
            d[k] = gen_byte(i, salt, j, k);
        if (zmq_msg_send(&m, s, j + 1 < n ? ZMQ_SNDMORE : 0) != (int)len) {
            int e = zmq_errno();
            zmq_msg_close(&m);
            fail("send %s part %d (%zu bytes): %s", what, j, len, zerr(e));
        }
    }
}

typedef struct {
    zmq_msg_t part[MAX_PARTS];
    int n;
} multipart_t;

static void mp_close(multipart_t *mp)
{
    for (int j = 0; j < mp->n; j++)
        zmq_msg_close(&mp->part[j]);
    mp->n = 0;
}

/* receives one whole multipart message; returns 0, or -1 with errno (EAGAIN = timeout) */
static int recv_mp(void *s, multipart_t *mp)
{
    mp->n = 0;
    for (;;) {
        if (mp->n == MAX_PARTS)
            fail("message with more than %d parts", MAX_PARTS);
        zmq_msg_t *m = &mp->part[mp->n];
        zmq_msg_init(m);
        if (zmq_msg_recv(m, s, 0) < 0) {
            int e = zmq_errno();
            zmq_msg_close(m);
            if (mp->n > 0)
                fail("recv failed in the middle of a multipart message (part %d): %s", mp->n,
                     zerr(e));
            errno = e;
            return -1;
        }
        mp->n++;
        if (!zmq_msg_more(m))
            return 0;
    }
}

static void recv_mp_or_fail(void *s, multipart_t *mp, const char *what)
{
    if (recv_mp(s, mp) != 0)
        fail("recv %s: %s", what, zmq_errno() == EAGAIN ? "timed out" : zerr(zmq_errno()));
}

/* checks parts [off, n) of mp against message (i, salt); fails with details */
static void check_gen(multipart_t *mp, int off, int i, int salt, const char *what)
{
    int n = gen_nparts(i, salt);
    if (mp->n - off != n)
        fail("%s %d: expected %d parts, got %d", what, i, n, mp->n - off);
    for (int j = 0; j < n; j++) {
        zmq_msg_t *m = &mp->part[off + j];
        size_t len = gen_size(i, salt, j);
        if (zmq_msg_size(m) != len)
            fail("%s %d part %d: expected %zu bytes, got %zu", what, i, j, len, zmq_msg_size(m));
        const unsigned char *d = zmq_msg_data(m);
        for (size_t k = 0; k < len; k++)
            if (d[k] != gen_byte(i, salt, j, k))
                fail("%s %d part %d: byte %zu is 0x%02x, expected 0x%02x", what, i, j, k, d[k],
                     gen_byte(i, salt, j, k));
    }
}

static int frame_is(zmq_msg_t *m, const char *s)
{
    size_t len = strlen(s);
    return zmq_msg_size(m) == len && memcmp(zmq_msg_data(m), s, len) == 0;
}

static int frame_has_prefix(zmq_msg_t *m, const char *s)
{
    size_t len = strlen(s);
    return zmq_msg_size(m) >= len && memcmp(zmq_msg_data(m), s, len) == 0;
}

static void frame_str(zmq_msg_t *m, char *buf, size_t cap)
{
    size_t len = zmq_msg_size(m);
    if (len >= cap)
        len = cap - 1;
    memcpy(buf, zmq_msg_data(m), len);
    buf[len] = 0;
    for (size_t k = 0; k < len; k++)
        if ((unsigned char)buf[k] < 32 || (unsigned char)buf[k] > 126)
            buf[k] = '?';
}

static long long total_bytes(int count, int salt)
{
    long long t = 0;
    for (int i = 0; i < count; i++)
        for (int j = 0; j < gen_nparts(i, salt); j++)
            t += (long long)gen_size(i, salt, j);
    return t;
}

/* ---- roles ------------------------------------------------------------------- */

static int close_and_term(void *ctx, void **socks, int n)
{
    for (int k = 0; k < n; k++)
        if (socks[k])
            zmq_close(socks[k]);
    zap_stop();
    int64_t t0 = now_ms();
    zmq_ctx_term(ctx);
    return (int)(now_ms() - t0);
}

static int run_req(void *ctx, int bind, const char *ep, int count)
{
    void *s = make_data_socket(ctx, ZMQ_REQ, "REQ");
    attach(s, bind, ep, "endpoint");
    multipart_t mp;
    for (int i = 0; i < count; i++) {
        send_gen(s, i, 0, NULL);
        recv_mp_or_fail(s, &mp, "reply");
        check_gen(&mp, 0, i, 1, "reply");
        mp_close(&mp);
    }
    close_and_term(ctx, &s, 1);
    printf("result OK req %s count=%d sent=%lld received=%lld bytes\n", g_mode, count,
           total_bytes(count, 0), total_bytes(count, 1));
    return 0;
}

static int run_rep(void *ctx, int bind, const char *ep, int count)
{
    void *s = make_data_socket(ctx, ZMQ_REP, "REP");
    attach(s, bind, ep, "endpoint");
    multipart_t mp;
    for (int i = 0; i < count; i++) {
        recv_mp_or_fail(s, &mp, "request");
        check_gen(&mp, 0, i, 0, "request");
        mp_close(&mp);
        send_gen(s, i, 1, NULL);
    }
    int waited = close_and_term(ctx, &s, 1);
    if (count > 0 && waited >= g_timeout_ms)
        fail("zmq_ctx_term took %d ms (linger expired: the last reply may be lost)", waited);
    printf("result OK rep %s count=%d\n", g_mode, count);
    return 0;
}

static int run_push(void *ctx, int bind, const char *ep, int count)
{
    void *s = make_data_socket(ctx, ZMQ_PUSH, "PUSH");
    sock_opt_int(s, ZMQ_SNDHWM, 0, "ZMQ_SNDHWM");
    attach(s, bind, ep, "endpoint");
    for (int i = 0; i < count; i++)
        send_gen(s, i, 0, NULL);
    int waited = close_and_term(ctx, &s, 1);
    if (count > 0 && waited >= g_timeout_ms)
        fail("zmq_ctx_term took %d ms (linger expired: messages may be lost)", waited);
    printf("result OK push %s count=%d bytes=%lld\n", g_mode, count, total_bytes(count, 0));
    return 0;
}

static int run_pull(void *ctx, int bind, const char *ep, int count)
{
    void *s = make_data_socket(ctx, ZMQ_PULL, "PULL");
    sock_opt_int(s, ZMQ_RCVHWM, 0, "ZMQ_RCVHWM");
    attach(s, bind, ep, "endpoint");
    multipart_t mp;
    for (int i = 0; i < count; i++) {
        recv_mp_or_fail(s, &mp, "message");
        check_gen(&mp, 0, i, 0, "message");
        mp_close(&mp);
    }
    /* nothing more may arrive (duplicates) */
    sock_opt_int(s, ZMQ_RCVTIMEO, 100, "ZMQ_RCVTIMEO");
    if (recv_mp(s, &mp) == 0)
        fail("unexpected extra message after %d (%d parts)", count, mp.n);
    sock_opt_int(s, ZMQ_LINGER, 0, "ZMQ_LINGER"); /* receive-only: nothing to flush */
    close_and_term(ctx, &s, 1);
    printf("result OK pull %s count=%d bytes=%lld\n", g_mode, count, total_bytes(count, 0));
    return 0;
}

static int run_pub(void *ctx, int bind, const char *ep, int count, const char *topic,
                   const char *ctl_ep)
{
    void *s = make_data_socket(ctx, ZMQ_PUB, "PUB");
    sock_opt_int(s, ZMQ_SNDHWM, 0, "ZMQ_SNDHWM");
    void *ctl = make_socket(ctx, ZMQ_REP, "REP (ctl)");
    attach(s, bind, ep, "endpoint");
    attach(ctl, bind, ctl_ep, "ctl");

    char hello[512], end[512], near[512], other[512], tfr[512];
    snprintf(hello, sizeof hello, "%s/hello", topic);
    snprintf(end, sizeof end, "%s/end", topic);
    snprintf(near, sizeof near, "%.*s", (int)strlen(topic) - 1, topic);
    snprintf(other, sizeof other, "%s/x", topic);
    other[0] = (char)(other[0] + 1);

    /* handshake: hello until the subscriber says "ready" */
    int64_t deadline = now_ms() + g_timeout_ms;
    int hellos = 0;
    multipart_t mp;
    for (;;) {
        if (now_ms() > deadline)
            fail("no 'ready' from the subscriber within %d ms (%d hellos published)",
                 g_timeout_ms, hellos);
        send_str(s, hello, 0, "hello");
        hellos++;
        zmq_pollitem_t it = {ctl, 0, ZMQ_POLLIN, 0};
        int rc = zmq_poll(&it, 1, 20);
        if (rc < 0)
            fail("zmq_poll: %s", zerr(zmq_errno()));
        if (rc > 0 && (it.revents & ZMQ_POLLIN)) {
            recv_mp_or_fail(ctl, &mp, "ctl ready");
            if (mp.n != 1 || !frame_is(&mp.part[0], "ready"))
                fail("ctl: expected 'ready'");
            mp_close(&mp);
            send_str(ctl, "go", 0, "ctl go");
            break;
        }
    }
    for (int i = 0; i < count; i++) {
        if (i % 2 == 0)
            send_gen(s, i, 2, near);
        send_gen(s, i, 2, other);
        snprintf(tfr, sizeof tfr, "%s/%d", topic, i);
        send_gen(s, i, 2, tfr);
    }
    send_str(s, end, 0, "end");

    recv_mp_or_fail(ctl, &mp, "ctl report from the subscriber");
    char report[512];
    frame_str(&mp.part[0], report, sizeof report);
    mp_close(&mp);
    send_str(ctl, "bye", 0, "ctl bye");
    void *socks[2] = {s, ctl};
    close_and_term(ctx, socks, 2);
    if (strncmp(report, "OK", 2) != 0)
        fail("subscriber reported: %s", report);
    printf("result OK pub %s count=%d hellos=%d subscriber: %s\n", g_mode, count, hellos, report);
    return 0;
}

static int run_sub(void *ctx, int bind, const char *ep, int count, const char *topic,
                   const char *ctl_ep)
{
    void *s = make_data_socket(ctx, ZMQ_SUB, "SUB");
    sock_opt_int(s, ZMQ_RCVHWM, 0, "ZMQ_RCVHWM");
    if (zmq_setsockopt(s, ZMQ_SUBSCRIBE, topic, strlen(topic)) != 0)
        fail("ZMQ_SUBSCRIBE: %s", zerr(zmq_errno()));
    void *ctl = make_socket(ctx, ZMQ_REQ, "REQ (ctl)");
    attach(s, bind, ep, "endpoint");
    attach(ctl, bind, ctl_ep, "ctl");

    char hello[512], end[512], tfr[512], got[600];
    snprintf(hello, sizeof hello, "%s/hello", topic);
    snprintf(end, sizeof end, "%s/end", topic);

    multipart_t mp;
    /* handshake: wait for one hello (nothing else may arrive before it) */
    recv_mp_or_fail(s, &mp, "hello");
    if (!frame_is(&mp.part[0], hello)) {
        frame_str(&mp.part[0], got, sizeof got);
        fail("expected '%s' first, got topic '%s'", hello, got);
    }
    mp_close(&mp);
    send_str(ctl, "ready", 0, "ctl ready");
    recv_mp_or_fail(ctl, &mp, "ctl go");
    if (mp.n != 1 || !frame_is(&mp.part[0], "go"))
        fail("ctl: expected 'go'");
    mp_close(&mp);

    char err[700] = "";
    int i = 0, stale = 0;
    for (;;) {
        if (recv_mp(s, &mp) != 0) {
            snprintf(err, sizeof err, "recv message %d: %s", i,
                     zmq_errno() == EAGAIN ? "timed out" : zerr(zmq_errno()));
            break;
        }
        zmq_msg_t *t = &mp.part[0];
        frame_str(t, got, sizeof got);
        if (!frame_has_prefix(t, topic)) {
            snprintf(err, sizeof err, "filter breach: got topic '%s' (subscribed to '%s')", got,
                     topic);
        } else if (frame_is(t, hello) && i == 0) {
            stale++;
        } else if (frame_is(t, end)) {
            if (i != count)
                snprintf(err, sizeof err, "'end' after %d of %d messages", i, count);
            mp_close(&mp);
            break;
        } else {
            snprintf(tfr, sizeof tfr, "%s/%d", topic, i);
            if (!frame_is(t, tfr)) {
                snprintf(err, sizeof err, "expected topic '%s', got '%s'", tfr, got);
            } else {
                /* check_gen exits on mismatch; report to the publisher first */
                int n = gen_nparts(i, 2), ok = mp.n - 1 == n;
                for (int j = 0; ok && j < n; j++) {
                    zmq_msg_t *m = &mp.part[1 + j];
                    size_t len = gen_size(i, 2, j);
                    const unsigned char *d = zmq_msg_data(m);
                    ok = zmq_msg_size(m) == len;
                    for (size_t k = 0; ok && k < len; k++)
                        ok = d[k] == gen_byte(i, 2, j, k);
                }
                if (!ok)
                    snprintf(err, sizeof err, "message %d: payload differs (%d parts)", i,
                             mp.n - 1);
                i++;
            }
        }
        mp_close(&mp);
        if (err[0])
            break;
    }
    char report[800];
    if (err[0])
        snprintf(report, sizeof report, "FAIL %s", err);
    else
        snprintf(report, sizeof report, "OK received=%d stale_hellos=%d", i, stale);
    send_str(ctl, report, 0, "ctl report");
    int bye = recv_mp(ctl, &mp) == 0;
    if (bye)
        mp_close(&mp);
    /* nothing to flush from a SUB; without this, a SUB that reconnects after the
       publisher went away re-queues its subscription and zmq_ctx_term waits LINGER */
    sock_opt_int(s, ZMQ_LINGER, 0, "ZMQ_LINGER");
    void *socks[2] = {s, ctl};
    close_and_term(ctx, socks, 2);
    if (err[0])
        fail("%s", err);
    if (!bye)
        fail("no 'bye' from the publisher on the side channel");
    printf("result OK sub %s count=%d stale_hellos=%d bytes=%lld\n", g_mode, count, stale,
           total_bytes(count, 2));
    return 0;
}

/* --refused: req sends one request, rep waits for one; nothing may arrive */
static int run_refused(void *ctx, int bind, const char *ep, int is_req)
{
    void *s = make_data_socket(ctx, is_req ? ZMQ_REQ : ZMQ_REP, is_req ? "REQ" : "REP");
    attach(s, bind, ep, "endpoint");
    int64_t t0 = now_ms();
    int rc = 0;
    if (is_req) {
        /* a bound REQ has no peer to send to until a handshake succeeds: then
           the request cannot even leave, which is a refusal too */
        sock_opt_int(s, ZMQ_SNDTIMEO, g_refused_ms, "ZMQ_SNDTIMEO");
        if (zmq_send(s, "refused?", 8, 0) != 8) {
            if (zmq_errno() != EAGAIN)
                fail("send: %s", zerr(zmq_errno()));
            rc = -2; /* no peer within the wait */
        }
    }
    zmq_pollitem_t it = {s, 0, ZMQ_POLLIN, 0};
    if (rc == 0) {
        int64_t left = g_refused_ms - (now_ms() - t0);
        rc = zmq_poll(&it, 1, left > 0 ? (long)left : 0);
    } else {
        rc = 0;
    }
    if (rc < 0)
        fail("zmq_poll: %s", zerr(zmq_errno()));
    if (rc > 0)
        fail("a %s arrived although the connection must be refused",
             is_req ? "reply" : "request");
    int waited = (int)(now_ms() - t0);
    close_and_term(ctx, &s, 1);
    if (g_zap && g_zap_state.requests == 0)
        fail("refused, but the ZAP handler was never asked");
    printf("result OK %s %s refused: nothing arrived in %d ms\n", g_role, g_mode, waited);
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: peer [--curve-server | --curve-client [--curve-serverkey Z85] | "
                    "--plain-server | --plain-client U:P] [--zap-domain D] [--zap allow|deny] "
                    "[--refused] <req|rep|pub|sub|push|pull> <bind|connect> <endpoint> <count> "
                    "[topic] [ctl-endpoint]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* security options first, then the positional arguments */
    while (argc > 1 && strncmp(argv[1], "--", 2) == 0) {
        const char *o = argv[1];
        int with_arg = strcmp(o, "--curve-serverkey") == 0 || strcmp(o, "--plain-client") == 0 ||
                       strcmp(o, "--zap-domain") == 0 || strcmp(o, "--zap") == 0;
        if (with_arg && argc < 3)
            usage();
        if (strcmp(o, "--curve-server") == 0)
            g_curve_server = 1;
        else if (strcmp(o, "--curve-client") == 0)
            g_curve_client = 1;
        else if (strcmp(o, "--curve-serverkey") == 0)
            g_curve_serverkey = argv[2];
        else if (strcmp(o, "--plain-server") == 0)
            g_plain_server = 1;
        else if (strcmp(o, "--plain-client") == 0)
            g_plain_client = argv[2];
        else if (strcmp(o, "--zap-domain") == 0)
            g_zap_domain = argv[2];
        else if (strcmp(o, "--zap") == 0) {
            g_zap = argv[2];
            if (strcmp(g_zap, "allow") != 0 && strcmp(g_zap, "deny") != 0)
                usage();
        } else if (strcmp(o, "--refused") == 0)
            g_refused = 1;
        else
            usage();
        argc -= 1 + with_arg;
        argv += 1 + with_arg;
    }
    if (argc < 5)
        usage();
    g_role = argv[1];
    g_mode = argv[2];
    const char *ep = argv[3];
    char *endp;
    long count = strtol(argv[4], &endp, 10);
    if (*endp || count < 0 || count > 1000000)
        usage();
    int bind;
    if (strcmp(g_mode, "bind") == 0)
        bind = 1;
    else if (strcmp(g_mode, "connect") == 0)
        bind = 0;
    else
        usage();
    const char *t = getenv("PEER_TIMEOUT_MS");
    if (t && atoi(t) > 0)
        g_timeout_ms = atoi(t);
    t = getenv("PEER_REFUSED_MS");
    if (t && atoi(t) > 0)
        g_refused_ms = atoi(t);

    print_lib();
    void *ctx = zmq_ctx_new();
    if (!ctx)
        fail("zmq_ctx_new: %s", zerr(zmq_errno()));
    zap_start(ctx);
    if (g_refused) {
        if (argc != 5 || (strcmp(g_role, "req") != 0 && strcmp(g_role, "rep") != 0))
            usage();
        return run_refused(ctx, bind, ep, strcmp(g_role, "req") == 0);
    }

    if (strcmp(g_role, "pub") == 0 || strcmp(g_role, "sub") == 0) {
        if (argc < 6 || !argv[5][0] || strlen(argv[5]) > 400)
            usage();
        const char *topic = argv[5];
        char ctl_ep[1100];
        if (argc >= 7)
            snprintf(ctl_ep, sizeof ctl_ep, "%s", argv[6]);
        else if (!bind)
            usage();
        else if (strncmp(ep, "ipc://", 6) == 0)
            snprintf(ctl_ep, sizeof ctl_ep, "%s-ctl", ep);
        else
            snprintf(ctl_ep, sizeof ctl_ep, "tcp://127.0.0.1:*");
        return strcmp(g_role, "pub") == 0 ? run_pub(ctx, bind, ep, (int)count, topic, ctl_ep)
                                          : run_sub(ctx, bind, ep, (int)count, topic, ctl_ep);
    }
    if (argc != 5)
        usage();
    if (strcmp(g_role, "req") == 0)
        return run_req(ctx, bind, ep, (int)count);
    if (strcmp(g_role, "rep") == 0)
        return run_rep(ctx, bind, ep, (int)count);
    if (strcmp(g_role, "push") == 0)
        return run_push(ctx, bind, ep, (int)count);
    if (strcmp(g_role, "pull") == 0)
        return run_pull(ctx, bind, ep, (int)count);
    usage();
    return 2;
}
