/*
 * testutil.h - helpers for the ferromq C tests (ring 2).
 *
 * Every test is a standalone C99 program that uses only <zmq.h> and libc
 * (plus pthreads where a test needs a second thread).  The same source runs
 * against the system libzmq and against ours (c-tests/run.sh swaps the
 * library with LD_LIBRARY_PATH), so a test encodes what the REAL libzmq does.
 *
 * Rules for tests:
 *   - call TU_START() first in main();
 *   - every wait is bounded: sockets from tu_socket() carry RCVTIMEO/SNDTIMEO,
 *     zmq_poll gets a finite timeout, loops run against a deadline;
 *   - never bind fixed ports or fixed ipc paths: use tu_bind_tcp(),
 *     tu_ipc_endpoint(), tu_inproc_endpoint() or tu_bind_any();
 *   - a failed check prints file:line, the expression, errno and
 *     zmq_strerror(errno), then exit(1).
 *
 * TU_START() also arms an alarm (TU_ALARM_S seconds, default 45) so that a
 * hang inside the library ends the test with a clear "TIMEOUT" line before
 * run.sh's hard `timeout 60` kills it.
 */
#ifndef FERROMQ_TESTUTIL_H
#define FERROMQ_TESTUTIL_H

#include <zmq.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Generous default for every blocking wait (ms).  Tests run two at a time on
 * a small shared machine; a correct library answers in well under a second. */
#ifndef TU_TIMEOUT_MS
#define TU_TIMEOUT_MS 10000
#endif

/* Upper bound (ms) for a call that should "return at once" (timeout 0,
 * DONTWAIT, LINGER 0): loose enough for a loaded machine, tight enough to
 * catch a 0 treated as "wait". */
#ifndef TU_PROMPT_MS
#define TU_PROMPT_MS 250
#endif

/* Whole-test watchdog (seconds). */
#ifndef TU_ALARM_S
#define TU_ALARM_S 45
#endif

#if defined(__GNUC__)
#define TU_UNUSED __attribute__((unused))
#else
#define TU_UNUSED
#endif

/* ------------------------------------------------------------------ */
/* failure reporting                                                    */
/* ------------------------------------------------------------------ */

/* Where the most recent check started; the watchdog reports it, so a hang
 * inside a library call names the line that made the call. */
static const char *volatile tu_where_file_ = "(start)";
static volatile int tu_where_line_;
#define TU_HERE_() (tu_where_file_ = __FILE__, tu_where_line_ = __LINE__)

static TU_UNUSED void tu_fail_(const char *file, int line, int err,
                               const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d: FAIL: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    {
        /* Do not trust the library under test to return a string. */
        const char *m = zmq_strerror(err);
        fprintf(stderr, " [errno %d: %s]\n", err, m ? m : "?");
    }
    fflush(stderr);
    exit(1);
}

/* Plain assertion. */
#define TU_ASSERT(cond)                                                        \
    do {                                                                       \
        TU_HERE_();                                                            \
        if (!(cond)) {                                                         \
            int tu_e_ = zmq_errno();                                           \
            tu_fail_(__FILE__, __LINE__, tu_e_, "assertion `%s` failed",       \
                     #cond);                                                   \
        }                                                                      \
    } while (0)

/* Assertion with a printf-style explanation. */
#define TU_ASSERT_MSG(cond, ...)                                               \
    do {                                                                       \
        TU_HERE_();                                                            \
        if (!(cond)) {                                                         \
            int tu_e_ = zmq_errno();                                           \
            fprintf(stderr, "%s:%d: note: ", __FILE__, __LINE__);              \
            fprintf(stderr, __VA_ARGS__);                                      \
            fprintf(stderr, "\n");                                             \
            tu_fail_(__FILE__, __LINE__, tu_e_, "assertion `%s` failed",       \
                     #cond);                                                   \
        }                                                                      \
    } while (0)

#define TU_FAIL(...) tu_fail_(__FILE__, __LINE__, zmq_errno(), __VA_ARGS__)

static TU_UNUSED int tu_ok_(int rc, const char *expr, const char *file,
                            int line)
{
    if (rc == -1) {
        int e = zmq_errno();
        tu_fail_(file, line, e, "`%s` returned -1", expr);
    }
    return rc;
}

static TU_UNUSED void *tu_ptr_(void *p, const char *expr, const char *file,
                               int line)
{
    if (p == NULL) {
        int e = zmq_errno();
        tu_fail_(file, line, e, "`%s` returned NULL", expr);
    }
    return p;
}

static TU_UNUSED void tu_err_(int rc, int want, const char *expr,
                              const char *want_name, const char *file,
                              int line)
{
    int e = zmq_errno();
    if (rc != -1)
        tu_fail_(file, line, e, "`%s` returned %d, expected -1 with %s", expr,
                 rc, want_name);
    if (e != want)
        tu_fail_(file, line, e, "`%s` failed with errno %d, expected %s (%d)",
                 expr, e, want_name, want);
}

static TU_UNUSED void tu_null_err_(const void *p, int want, const char *expr,
                                   const char *want_name, const char *file,
                                   int line)
{
    int e = zmq_errno();
    if (p != NULL)
        tu_fail_(file, line, e, "`%s` returned %p, expected NULL with %s",
                 expr, p, want_name);
    if (e != want)
        tu_fail_(file, line, e,
                 "`%s` returned NULL with errno %d (%s), expected %s (%d)",
                 expr, e, zmq_strerror(e), want_name, want);
}

static TU_UNUSED void tu_eq_int_(long long a, long long b, const char *ea,
                                 const char *eb, const char *file, int line)
{
    if (a != b) {
        int e = zmq_errno();
        tu_fail_(file, line, e, "`%s` == %lld, expected `%s` == %lld", ea, a,
                 eb, b);
    }
}

static TU_UNUSED void tu_eq_str_(const char *a, const char *b, const char *ea,
                                 const char *eb, const char *file, int line)
{
    if (a == NULL || b == NULL || strcmp(a, b) != 0) {
        int e = zmq_errno();
        tu_fail_(file, line, e, "`%s` == \"%s\", expected `%s` == \"%s\"", ea,
                 a ? a : "(null)", eb, b ? b : "(null)");
    }
}

/* rc = TU_OK(call): fails the test if call returns -1; yields rc. */
#define TU_OK(expr) (TU_HERE_(), tu_ok_((expr), #expr, __FILE__, __LINE__))
/* p = TU_PTR(call): fails the test if call returns NULL; yields p. */
#define TU_PTR(expr)                                                           \
    (TU_HERE_(), tu_ptr_((void *)(expr), #expr, __FILE__, __LINE__))
/* TU_ERR(call, EXXX): call must return -1 and set errno to exactly EXXX. */
#define TU_ERR(expr, err)                                                      \
    (TU_HERE_(), tu_err_((expr), (err), #expr, #err, __FILE__, __LINE__))
/* TU_NULL_ERR(call, EXXX): call must return NULL with errno exactly EXXX. */
#define TU_NULL_ERR(expr, err)                                                 \
    (TU_HERE_(), tu_null_err_((const void *)(expr), (err), #expr, #err,       \
                              __FILE__, __LINE__))
#define TU_EQ_INT(a, b)                                                        \
    (TU_HERE_(), tu_eq_int_((long long)(a), (long long)(b), #a, #b, __FILE__, \
                            __LINE__))
#define TU_EQ_STR(a, b)                                                        \
    (TU_HERE_(), tu_eq_str_((a), (b), #a, #b, __FILE__, __LINE__))

/* ------------------------------------------------------------------ */
/* time                                                                 */
/* ------------------------------------------------------------------ */

/* Whether this process runs under valgrind (tools/valgrind.sh): its
 * preloaded helpers are in LD_PRELOAD.  For checks that measure the process
 * itself (resident memory), which valgrind's own bookkeeping distorts. */
static TU_UNUSED int tu_under_valgrind(void)
{
    const char *p = getenv("LD_PRELOAD");
    return p != NULL && strstr(p, "vgpreload") != NULL;
}

/* Monotonic clock in milliseconds. */
static TU_UNUSED int64_t tu_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static TU_UNUSED void tu_sleep_ms(int ms)
{
    struct timespec ts, rem;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (long)(ms % 1000) * 1000000L;
    while (nanosleep(&ts, &rem) == -1 && errno == EINTR)
        ts = rem;
}

/* ------------------------------------------------------------------ */
/* start-up: which libzmq is mapped, watchdog, ipc cleanup              */
/* ------------------------------------------------------------------ */

#define TU_MAX_IPC 64
static char tu_ipc_paths_[TU_MAX_IPC][108];
/* The libzmq file TU_START() found mapped into this process. */
static char tu_lib_path_[PATH_MAX];
static int tu_ipc_count_;
static int tu_counter_;

static TU_UNUSED void tu_cleanup_ipc_(void)
{
    int i;
    for (i = 0; i < tu_ipc_count_; i++)
        unlink(tu_ipc_paths_[i]);
    tu_ipc_count_ = 0;
}

static TU_UNUSED void tu_alarm_(int sig)
{
    /* Not strictly async-signal-safe (snprintf), but we _exit right after. */
    char msg[512];
    int n = snprintf(msg, sizeof msg,
                     "TIMEOUT: test watchdog fired after %d s; last check "
                     "started at %s:%d (a call there did not return)\n",
                     TU_ALARM_S, tu_where_file_, tu_where_line_);
    if (n > 0) {
        ssize_t w = write(2, msg, (size_t)n < sizeof msg ? (size_t)n
                                                          : sizeof msg - 1);
        (void)w;
    }
    (void)sig;
    _exit(2);
}

static TU_UNUSED void tu_start_(const char *file, int at)
{
    char line[4096];
    char found[PATH_MAX] = "";
    FILE *f;
    const char *expect;

    setvbuf(stdout, NULL, _IOLBF, 0);
    atexit(tu_cleanup_ipc_);
    signal(SIGALRM, tu_alarm_);
    alarm(TU_ALARM_S);
    signal(SIGPIPE, SIG_IGN);

    f = fopen("/proc/self/maps", "r");
    if (f == NULL)
        tu_fail_(file, at, errno, "cannot open /proc/self/maps");
    while (fgets(line, sizeof line, f)) {
        char *path = strchr(line, '/');
        char *base;
        size_t n;
        if (path == NULL)
            continue;
        n = strlen(path);
        while (n > 0 && (path[n - 1] == '\n' || path[n - 1] == ' '))
            path[--n] = '\0';
        /* a library file replaced on disk while mapped */
        if (n > 10 && strcmp(path + n - 10, " (deleted)") == 0)
            path[n -= 10] = '\0';
        base = strrchr(path, '/');
        if (base && strncmp(base + 1, "libzmq.so", 9) == 0) {
            strncpy(found, path, sizeof found - 1);
            break;
        }
    }
    fclose(f);
    if (found[0] == '\0')
        tu_fail_(file, at, 0, "no libzmq.so mapped into this process");
    fprintf(stderr, "libzmq: %s\n", found);
    strncpy(tu_lib_path_, found, sizeof tu_lib_path_ - 1);

    expect = getenv("FERROMQ_EXPECT_LIB");
    if (expect && *expect) {
        char real_lib[PATH_MAX], real_dir[PATH_MAX];
        size_t dl;
        if (realpath(found, real_lib) == NULL)
            tu_fail_(file, at, errno, "realpath(%s) failed", found);
        if (realpath(expect, real_dir) == NULL)
            tu_fail_(file, at, errno, "realpath(FERROMQ_EXPECT_LIB=%s) failed",
                     expect);
        dl = strlen(real_dir);
        if (strncmp(real_lib, real_dir, dl) != 0 ||
            (real_lib[dl] != '/' && !(dl == 1 && real_dir[0] == '/')))
            tu_fail_(file, at, 0,
                     "wrong library: mapped %s, expected one under %s",
                     real_lib, real_dir);
    }
}

#define TU_START() tu_start_(__FILE__, __LINE__)

/* Whether the library under test is ferromq (1) or another libzmq, the
 * system's (0).  For the few tests that measure something where the real
 * libzmq itself misbehaves (spins, grows without bound): they assert the
 * bound on ours only and print what libzmq did.  run.sh says which run
 * this is in FERROMQ_LIB_KIND ("ferromq" or "system"); run by hand, a
 * library mapped from outside /usr and /lib counts as ours.  Call after
 * TU_START(). */
static TU_UNUSED int tu_lib_is_ferromq(void)
{
    const char *kind = getenv("FERROMQ_LIB_KIND");
    if (kind && *kind)
        return strcmp(kind, "ferromq") == 0;
    return strncmp(tu_lib_path_, "/usr/", 5) != 0 &&
           strncmp(tu_lib_path_, "/lib", 4) != 0;
}

/* "ferromq" or "libzmq", for messages. */
static TU_UNUSED const char *tu_lib_name(void)
{
    return tu_lib_is_ferromq() ? "ferromq" : "libzmq";
}

/* ------------------------------------------------------------------ */
/* contexts, sockets, endpoints                                         */
/* ------------------------------------------------------------------ */

static TU_UNUSED void tu_set_int_(void *s, int opt, int v,
                                  const char *file_, int line_)
{
    if (zmq_setsockopt(s, opt, &v, sizeof v) != 0)
        tu_fail_(file_, line_, zmq_errno(), "zmq_setsockopt(%d, %d)",
                 opt, v);
}
#define tu_set_int(s, opt, v)                                                  \
    tu_set_int_((s), (opt), (v), __FILE__, __LINE__)

static TU_UNUSED int tu_get_int_(void *s, int opt,
                                 const char *file_, int line_)
{
    int v = -12345;
    size_t len = sizeof v;
    if (zmq_getsockopt(s, opt, &v, &len) != 0)
        tu_fail_(file_, line_, zmq_errno(), "zmq_getsockopt(%d)", opt);
    if (len != sizeof v)
        tu_fail_(file_, line_, 0, "zmq_getsockopt(%d): len %zu", opt,
                 len);
    return v;
}
#define tu_get_int(s, opt) tu_get_int_((s), (opt), __FILE__, __LINE__)

/* Bound every blocking send/recv on s to ms milliseconds. */
static TU_UNUSED void tu_set_timeouts_(void *s, int ms,
                                       const char *file_, int line_)
{
    tu_set_int_(s, ZMQ_RCVTIMEO, ms, file_, line_);
    tu_set_int_(s, ZMQ_SNDTIMEO, ms, file_, line_);
}
#define tu_set_timeouts(s, ms)                                                 \
    tu_set_timeouts_((s), (ms), __FILE__, __LINE__)

static TU_UNUSED void *tu_ctx_(const char *file_, int line_)
{
    void *ctx = zmq_ctx_new();
    if (ctx == NULL)
        tu_fail_(file_, line_, zmq_errno(), "zmq_ctx_new");
    return ctx;
}
#define tu_ctx() tu_ctx_(__FILE__, __LINE__)

/* A socket with RCVTIMEO = SNDTIMEO = TU_TIMEOUT_MS and LINGER 0, so that no
 * wait is unbounded and closing never blocks zmq_ctx_term. */
static TU_UNUSED void *tu_socket_(void *ctx, int type,
                                  const char *file_, int line_)
{
    void *s = zmq_socket(ctx, type);
    if (s == NULL)
        tu_fail_(file_, line_, zmq_errno(), "zmq_socket(type %d)", type);
    tu_set_timeouts_(s, TU_TIMEOUT_MS, file_, line_);
    tu_set_int_(s, ZMQ_LINGER, 0, file_, line_);
    return s;
}
#define tu_socket(ctx, type) tu_socket_((ctx), (type), __FILE__, __LINE__)

/* Read ZMQ_LAST_ENDPOINT into buf. */
static TU_UNUSED void tu_last_endpoint_(void *s, char *buf, size_t len,
                                        const char *file_, int line_)
{
    size_t l = len;
    if (zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, buf, &l) != 0)
        tu_fail_(file_, line_, zmq_errno(), "getsockopt LAST_ENDPOINT");
}
#define tu_last_endpoint(s, buf, len)                                          \
    tu_last_endpoint_((s), (buf), (len), __FILE__, __LINE__)

/* Bind s to tcp://127.0.0.1:* and return the resolved endpoint in ep. */
static TU_UNUSED void tu_bind_tcp_(void *s, char *ep, size_t len,
                                   const char *file_, int line_)
{
    if (zmq_bind(s, "tcp://127.0.0.1:*") != 0)
        tu_fail_(file_, line_, zmq_errno(), "bind tcp://127.0.0.1:*");
    tu_last_endpoint_(s, ep, len, file_, line_);
}
#define tu_bind_tcp(s, ep, len)                                                \
    tu_bind_tcp_((s), (ep), (len), __FILE__, __LINE__)

/* Port number of a "tcp://host:port" endpoint. */
static TU_UNUSED int tu_tcp_port(const char *ep)
{
    const char *colon = strrchr(ep, ':');
    if (colon == NULL)
        tu_fail_(__FILE__, __LINE__, 0, "no port in endpoint %s", ep);
    return atoi(colon + 1);
}

/* Find a free tcp port: bind tcp://127.0.0.1:* in a private context, read
 * the endpoint, then close and terminate that context, which guarantees the
 * listener is gone (zmq_close alone releases it asynchronously).  ep gets
 * "tcp://127.0.0.1:PORT", for connect-before-bind and rebind tests. */
static TU_UNUSED void tu_free_tcp_endpoint(char *ep, size_t len)
{
    void *ctx = zmq_ctx_new();
    void *s;
    if (ctx == NULL)
        tu_fail_(__FILE__, __LINE__, zmq_errno(), "zmq_ctx_new");
    s = zmq_socket(ctx, ZMQ_PULL);
    if (s == NULL)
        tu_fail_(__FILE__, __LINE__, zmq_errno(), "zmq_socket");
    tu_set_int(s, ZMQ_LINGER, 0);
    tu_bind_tcp(s, ep, len);
    if (zmq_close(s) != 0 || zmq_ctx_term(ctx) != 0)
        tu_fail_(__FILE__, __LINE__, zmq_errno(), "close/term probe");
}

/* Bind s to an explicit endpoint, retrying while it is EADDRINUSE (a
 * listener being closed asynchronously) until TU_TIMEOUT_MS. */
static TU_UNUSED void tu_bind_retry_(void *s, const char *ep, const char *file,
                                     int line)
{
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    while (zmq_bind(s, ep) != 0) {
        int e = zmq_errno();
        if (e != EADDRINUSE || tu_now_ms() > deadline)
            tu_fail_(file, line, e, "bind %s", ep);
        tu_sleep_ms(10);
    }
}
#define tu_bind_retry(s, ep)                                                   \
    (TU_HERE_(), tu_bind_retry_((s), (ep), __FILE__, __LINE__))

/* A unique ipc path under /tmp (pid + counter), unlinked at exit. */
static TU_UNUSED const char *tu_ipc_path(char *buf, size_t len)
{
    snprintf(buf, len, "/tmp/ferromq-ct-%d-%d.ipc", (int)getpid(),
             ++tu_counter_);
    unlink(buf);
    if (tu_ipc_count_ < TU_MAX_IPC) {
        strncpy(tu_ipc_paths_[tu_ipc_count_], buf,
                sizeof tu_ipc_paths_[0] - 1);
        tu_ipc_count_++;
    }
    return buf;
}

/* "ipc:///tmp/ferromq-ct-PID-N.ipc" */
static TU_UNUSED const char *tu_ipc_endpoint(char *buf, size_t len)
{
    char path[108];
    tu_ipc_path(path, sizeof path);
    snprintf(buf, len, "ipc://%s", path);
    return buf;
}

/* "inproc://ferromq-ct-PID-N" */
static TU_UNUSED const char *tu_inproc_endpoint(char *buf, size_t len)
{
    snprintf(buf, len, "inproc://ferromq-ct-%d-%d", (int)getpid(),
             ++tu_counter_);
    return buf;
}

/* An endpoint to bind for transport "tcp", "ipc" or "inproc" ("tcp" gives
 * the wildcard tcp://127.0.0.1:*; read the real one back after binding). */
static TU_UNUSED const char *tu_endpoint_for(const char *transport, char *buf,
                                             size_t len)
{
    if (strcmp(transport, "tcp") == 0)
        snprintf(buf, len, "tcp://127.0.0.1:*");
    else if (strcmp(transport, "ipc") == 0)
        tu_ipc_endpoint(buf, len);
    else if (strcmp(transport, "inproc") == 0)
        tu_inproc_endpoint(buf, len);
    else
        tu_fail_(__FILE__, __LINE__, 0, "unknown transport %s", transport);
    return buf;
}

/* Bind s on a fresh endpoint of the given transport; ep receives the
 * endpoint a peer should connect to. */
static TU_UNUSED void tu_bind_any_(void *s, const char *transport, char *ep,
                                  size_t len, const char *file_, int line_)
{
    tu_endpoint_for(transport, ep, len);
    if (zmq_bind(s, ep) != 0)
        tu_fail_(file_, line_, zmq_errno(), "bind %s", ep);
    tu_last_endpoint_(s, ep, len, file_, line_);
}
#define tu_bind_any(s, transport, ep, len)                                     \
    tu_bind_any_((s), (transport), (ep), (len), __FILE__, __LINE__)

/* ------------------------------------------------------------------ */
/* messages                                                             */
/* ------------------------------------------------------------------ */

/* Send a NUL-free string as one frame; asserts the byte count. */
static TU_UNUSED void tu_send_str_(void *s, const char *str, int flags,
                                   const char *file, int line)
{
    int n = (int)strlen(str);
    int rc = zmq_send(s, str, (size_t)n, flags);
    if (rc != n)
        tu_fail_(file, line, zmq_errno(), "zmq_send(\"%s\") returned %d", str,
                 rc);
}
#define tu_send_str(s, str, flags)                                             \
    (TU_HERE_(), tu_send_str_((s), (str), (flags), __FILE__, __LINE__))

/* Receive one frame and check it equals str and its MORE flag equals more. */
static TU_UNUSED void tu_recv_str_(void *s, const char *str, int more,
                                   const char *file, int line)
{
    char buf[1024];
    int rc = zmq_recv(s, buf, sizeof buf - 1, 0);
    int got_more;
    if (rc < 0)
        tu_fail_(file, line, zmq_errno(), "zmq_recv (expecting \"%s\")", str);
    if (rc > (int)sizeof buf - 1)
        rc = (int)sizeof buf - 1;
    buf[rc] = '\0';
    if (strcmp(buf, str) != 0)
        tu_fail_(file, line, 0, "received \"%s\", expected \"%s\"", buf, str);
    got_more = tu_get_int_(s, ZMQ_RCVMORE, file, line);
    if (got_more != more)
        tu_fail_(file, line, 0, "\"%s\": RCVMORE %d, expected %d", str,
                 got_more, more);
}
#define tu_recv_str(s, str, more)                                              \
    (TU_HERE_(), tu_recv_str_((s), (str), (more), __FILE__, __LINE__))

/* Wait up to ms for s to have a message (zmq_poll POLLIN). 1 = ready. */
static TU_UNUSED int tu_wait_readable_(void *s, long ms,
                                       const char *file_, int line_)
{
    zmq_pollitem_t item;
    int rc;
    memset(&item, 0, sizeof item);
    item.socket = s;
    item.events = ZMQ_POLLIN;
    rc = zmq_poll(&item, 1, ms);
    if (rc < 0)
        tu_fail_(file_, line_, zmq_errno(), "zmq_poll");
    return rc > 0 && (item.revents & ZMQ_POLLIN);
}
#define tu_wait_readable(s, ms)                                                \
    tu_wait_readable_((s), (ms), __FILE__, __LINE__)

/* Drain every queued message from s without blocking. Returns the count. */
static TU_UNUSED int tu_drain(void *s)
{
    char buf[256];
    int n = 0;
    while (zmq_recv(s, buf, sizeof buf, ZMQ_DONTWAIT) >= 0)
        n++;
    return n;
}

/* PUB/SUB sync: publish `topic` from pub until sub receives a message equal
 * to it (or fail after TU_TIMEOUT_MS), then drain any extra copies.  This
 * proves the subscription has reached the publisher without a blind sleep.
 * sub must be subscribed to a prefix of topic and have a RCVTIMEO (as from
 * tu_socket).  Other messages arriving at sub meanwhile are discarded. */
static TU_UNUSED void tu_sync_pubsub_(void *pub, void *sub, const char *topic,
                                      const char *file, int line)
{
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    char buf[256];
    size_t tl = strlen(topic);
    for (;;) {
        int rc;
        if (zmq_send(pub, topic, tl, 0) != (int)tl)
            tu_fail_(file, line, zmq_errno(), "sync send on PUB");
        if (tu_wait_readable(sub, 20)) {
            int done = 0;
            /* skip anything else already queued (e.g. earlier syncs) */
            while ((rc = zmq_recv(sub, buf, sizeof buf, ZMQ_DONTWAIT)) >= 0)
                if (rc == (int)tl && memcmp(buf, topic, tl) == 0) {
                    done = 1;
                    break;
                }
            if (done)
                break;
        }
        if (tu_now_ms() > deadline)
            tu_fail_(file, line, 0, "sync: subscription never took effect");
    }
    /* Copies sent before the first one arrived may still be in flight.
     * Messages from one PUB arrive in order, so publish an end marker
     * (topic + "!end", still matching the subscription) and discard
     * everything up to and including it. */
    {
        char marker[300];
        int ml = snprintf(marker, sizeof marker, "%s!end", topic);
        if (zmq_send(pub, marker, (size_t)ml, 0) != ml)
            tu_fail_(file, line, zmq_errno(), "sync marker send on PUB");
        for (;;) {
            int rc = zmq_recv(sub, buf, sizeof buf, 0);
            if (rc < 0)
                tu_fail_(file, line, zmq_errno(), "sync: marker not received");
            if (rc == ml && memcmp(buf, marker, (size_t)ml) == 0)
                break;
        }
    }
}
#define tu_sync_pubsub(pub, sub, topic)                                        \
    (TU_HERE_(), tu_sync_pubsub_((pub), (sub), (topic), __FILE__, __LINE__))

#endif /* FERROMQ_TESTUTIL_H */
