/*
 * tools/chaos/common.h: helpers shared by the chaos and soak peers
 * (tools/chaos/peer.c, tools/soak/peer.c). Only <zmq.h> and libc.
 *
 * Messages are two frames: a 16-byte header (magic "FMQC", payload size,
 * sequence number, little-endian) and a payload whose every byte is a function
 * of (seq, offset), so a receiver checks order, gaps, duplicates and content.
 */
#ifndef FERROMQ_CHAOS_COMMON_H
#define FERROMQ_CHAOS_COMMON_H

#include <zmq.h>

#include <dirent.h>
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

#if defined(__GNUC__)
#define CC_UNUSED __attribute__((unused))
#else
#define CC_UNUSED
#endif

#define CC_MAGIC "FMQC"
#define CC_HDR 16

static volatile sig_atomic_t cc_stop;
static CC_UNUSED void cc_on_signal(int sig)
{
    (void)sig;
    cc_stop = 1;
}

static CC_UNUSED void cc_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = cc_on_signal;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/* wall clock in ms: the orchestrator compares it with `date +%s%3N` */
static CC_UNUSED int64_t cc_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static CC_UNUSED int64_t cc_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static CC_UNUSED void cc_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* one output line, flushed (several threads may print) */
static CC_UNUSED void cc_out(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fputs(buf, stdout);
    fputc('\n', stdout);
    fflush(stdout);
}

static CC_UNUSED void cc_die(const char *what)
{
    int e = zmq_errno();
    const char *m = zmq_strerror(e);
    cc_out("fatal %s: %s (errno %d)", what, m ? m : "?", e);
    exit(3);
}

/* "libzmq <realpath mapped in /proc/self/maps> version x.y.z", as interop/peer.c */
static CC_UNUSED void cc_print_lib(void)
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
    cc_out("libzmq %s version %d.%d.%d", found, maj, min, pat);
    cc_out("pid %d", (int)getpid());
}

static CC_UNUSED long cc_rss_kb(void)
{
    long pages = 0, res = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f)
        return -1;
    if (fscanf(f, "%ld %ld", &pages, &res) != 2)
        res = -1;
    fclose(f);
    return res < 0 ? -1 : res * (sysconf(_SC_PAGESIZE) / 1024);
}

static CC_UNUSED int cc_fd_count(void)
{
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n - 1; /* the DIR's own fd */
}

/* ---- messages ---------------------------------------------------------------- */

static CC_UNUSED size_t cc_payload_size(uint64_t seq)
{
    if (seq % 500 == 499)
        return 65536 + (size_t)(seq % 7); /* the large-body path now and then */
    return (size_t)((seq * 7919u) % 1500u);
}

static CC_UNUSED unsigned char cc_byte(uint64_t seq, size_t k)
{
    return (unsigned char)((seq * 31u + k * 7u + (k >> 8)) & 0xff);
}

static CC_UNUSED void cc_put_header(unsigned char *h, uint64_t seq, uint32_t size)
{
    memcpy(h, CC_MAGIC, 4);
    for (int i = 0; i < 4; i++)
        h[4 + i] = (unsigned char)(size >> (8 * i));
    for (int i = 0; i < 8; i++)
        h[8 + i] = (unsigned char)(seq >> (8 * i));
}

/* 0 ok, -1 not a header */
static CC_UNUSED int cc_get_header(const void *data, size_t len, uint64_t *seq, uint32_t *size)
{
    const unsigned char *h = (const unsigned char *)data;
    if (len != CC_HDR || memcmp(h, CC_MAGIC, 4) != 0)
        return -1;
    uint32_t s = 0;
    uint64_t q = 0;
    for (int i = 0; i < 4; i++)
        s |= (uint32_t)h[4 + i] << (8 * i);
    for (int i = 0; i < 8; i++)
        q |= (uint64_t)h[8 + i] << (8 * i);
    *seq = q;
    *size = s;
    return 0;
}

/* sends header + payload for seq; returns 0, or -1 with zmq_errno()
 * (EAGAIN under DONTWAIT: nothing was sent, the message is atomic) */
static CC_UNUSED int cc_send_seq(void *s, uint64_t seq, int flags)
{
    unsigned char h[CC_HDR];
    size_t n = cc_payload_size(seq);
    cc_put_header(h, seq, (uint32_t)n);
    zmq_msg_t body;
    if (zmq_msg_init_size(&body, n) != 0)
        return -1;
    unsigned char *p = (unsigned char *)zmq_msg_data(&body);
    for (size_t k = 0; k < n; k++)
        p[k] = cc_byte(seq, k);
    if (zmq_send(s, h, sizeof h, flags | ZMQ_SNDMORE) != (int)sizeof h) {
        int e = zmq_errno();
        zmq_msg_close(&body);
        errno = e;
        return -1;
    }
    /* after the first frame went, the second may not fail with EAGAIN */
    if (zmq_msg_send(&body, s, flags & ~ZMQ_DONTWAIT) < 0) {
        int e = zmq_errno();
        zmq_msg_close(&body);
        errno = e;
        return -1;
    }
    return 0;
}

/* content check of a received (header, body) pair: NULL if fine, else why */
static CC_UNUSED const char *cc_check(const void *hdr, size_t hlen, const void *body, size_t blen,
                            uint64_t *seq)
{
    uint32_t size;
    if (cc_get_header(hdr, hlen, seq, &size) != 0)
        return "bad header";
    if (size != cc_payload_size(*seq) || blen != size)
        return "bad size";
    const unsigned char *p = (const unsigned char *)body;
    for (size_t k = 0; k < blen; k++)
        if (p[k] != cc_byte(*seq, k))
            return "bad byte";
    return NULL;
}

/* receives every frame of one message into msgs[0..*n); returns 0 or -1 (errno) */
#define CC_MAX_PARTS 8
static CC_UNUSED int cc_recv_parts(void *s, zmq_msg_t *msgs, int *n, int flags)
{
    int k = 0, more = 1;
    while (more) {
        zmq_msg_t tmp;
        zmq_msg_init(&tmp);
        if (zmq_msg_recv(&tmp, s, k == 0 ? flags : 0) < 0) {
            int e = zmq_errno();
            zmq_msg_close(&tmp);
            for (int i = 0; i < k && i < CC_MAX_PARTS; i++)
                zmq_msg_close(&msgs[i]);
            errno = e;
            return -1;
        }
        more = zmq_msg_more(&tmp);
        if (k < CC_MAX_PARTS)
            msgs[k] = tmp;
        else
            zmq_msg_close(&tmp);
        k++;
    }
    *n = k;
    return 0;
}

static CC_UNUSED void cc_close_parts(zmq_msg_t *msgs, int n)
{
    for (int i = 0; i < n && i < CC_MAX_PARTS; i++)
        zmq_msg_close(&msgs[i]);
}

/* ---- per-stream sequence checking ----------------------------------------------- */

struct cc_seqcheck {
    const char *name;    /* for the log lines */
    int64_t first_seen;  /* -1 until the first message */
    uint64_t expect;     /* next expected sequence number */
    uint64_t recv, lost, dup, reorder, corrupt, parts_err;
    int64_t last_rx_ms;
    int baseline_any; /* pub/sub: the first message sets the baseline */
};

static CC_UNUSED void cc_seq_init(struct cc_seqcheck *c, const char *name, int baseline_any)
{
    memset(c, 0, sizeof *c);
    c->name = name;
    c->first_seen = -1;
    c->baseline_any = baseline_any;
}

/* a message with sequence number seq arrived (content already checked) */
static CC_UNUSED void cc_seq_got(struct cc_seqcheck *c, uint64_t seq)
{
    int64_t now = cc_now_ms();
    if (c->last_rx_ms && now - c->last_rx_ms > 1000)
        cc_out("stall %s %lld %lld", c->name, (long long)c->last_rx_ms, (long long)now);
    c->last_rx_ms = now;
    c->recv++;
    if (c->first_seen < 0) {
        c->first_seen = (int64_t)seq;
        if (c->baseline_any)
            c->expect = seq;
    }
    if (seq == c->expect) {
        c->expect++;
    } else if (seq > c->expect) {
        cc_out("gap %s %lld %llu %llu", c->name, (long long)now, (unsigned long long)c->expect,
               (unsigned long long)(seq - c->expect));
        c->lost += seq - c->expect;
        c->expect = seq + 1;
    } else if (seq == c->expect - 1) {
        c->dup++;
        cc_out("dup %s %lld %llu", c->name, (long long)now, (unsigned long long)seq);
    } else {
        /* older than the last one: a duplicate or a late (reordered) arrival
         * of a number we counted lost; either way out of order */
        c->reorder++;
        cc_out("reorder %s %lld %llu expect %llu", c->name, (long long)now,
               (unsigned long long)seq, (unsigned long long)c->expect);
    }
}

static CC_UNUSED void cc_seq_final(const struct cc_seqcheck *c, const char *prefix)
{
    cc_out("final %s recv=%llu next=%llu first=%lld lost=%llu dup=%llu reorder=%llu "
           "corrupt=%llu parts_err=%llu",
           prefix, (unsigned long long)c->recv, (unsigned long long)c->expect,
           (long long)c->first_seen, (unsigned long long)c->lost, (unsigned long long)c->dup,
           (unsigned long long)c->reorder, (unsigned long long)c->corrupt,
           (unsigned long long)c->parts_err);
}

/* ---- monitor ------------------------------------------------------------------ */

static CC_UNUSED const char *cc_event_name(unsigned ev)
{
    switch (ev) {
    case ZMQ_EVENT_CONNECTED: return "CONNECTED";
    case ZMQ_EVENT_CONNECT_DELAYED: return "CONNECT_DELAYED";
    case ZMQ_EVENT_CONNECT_RETRIED: return "CONNECT_RETRIED";
    case ZMQ_EVENT_LISTENING: return "LISTENING";
    case ZMQ_EVENT_BIND_FAILED: return "BIND_FAILED";
    case ZMQ_EVENT_ACCEPTED: return "ACCEPTED";
    case ZMQ_EVENT_ACCEPT_FAILED: return "ACCEPT_FAILED";
    case ZMQ_EVENT_CLOSED: return "CLOSED";
    case ZMQ_EVENT_CLOSE_FAILED: return "CLOSE_FAILED";
    case ZMQ_EVENT_DISCONNECTED: return "DISCONNECTED";
    case ZMQ_EVENT_MONITOR_STOPPED: return "MONITOR_STOPPED";
    case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL: return "HANDSHAKE_FAILED_NO_DETAIL";
    case ZMQ_EVENT_HANDSHAKE_SUCCEEDED: return "HANDSHAKE_SUCCEEDED";
    case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL: return "HANDSHAKE_FAILED_PROTOCOL";
    case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH: return "HANDSHAKE_FAILED_AUTH";
    default: return "?";
    }
}

/* a PAIR connected to a fresh monitor of s (every event) */
static CC_UNUSED void *cc_monitor(void *ctx, void *s, const char *tag)
{
    char ep[128];
    snprintf(ep, sizeof ep, "inproc://monitor-%s-%p", tag, s);
    if (zmq_socket_monitor(s, ep, ZMQ_EVENT_ALL) != 0)
        cc_die("zmq_socket_monitor");
    void *m = zmq_socket(ctx, ZMQ_PAIR);
    if (!m)
        cc_die("zmq_socket(PAIR)");
    int linger = 0;
    zmq_setsockopt(m, ZMQ_LINGER, &linger, sizeof linger);
    if (zmq_connect(m, ep) != 0)
        cc_die("connect monitor");
    return m;
}

/* reads the monitor's pending events and logs them ("ev <ms> <tag> NAME value") */
static CC_UNUSED void cc_drain_monitor(void *m, const char *tag)
{
    for (;;) {
        zmq_msg_t parts[CC_MAX_PARTS];
        int n = 0;
        if (cc_recv_parts(m, parts, &n, ZMQ_DONTWAIT) != 0)
            return;
        if (n >= 1 && zmq_msg_size(&parts[0]) == 6) {
            const unsigned char *d = (const unsigned char *)zmq_msg_data(&parts[0]);
            unsigned ev = (unsigned)(d[0] | d[1] << 8);
            unsigned val = (unsigned)(d[2] | d[3] << 8 | d[4] << 16 | (unsigned)d[5] << 24);
            cc_out("ev %lld %s %s %u", (long long)cc_now_ms(), tag, cc_event_name(ev), val);
        }
        cc_close_parts(parts, n);
    }
}

static CC_UNUSED void cc_setopt_int(void *s, int opt, int v, const char *name)
{
    if (zmq_setsockopt(s, opt, &v, sizeof v) != 0)
        cc_die(name);
}

#endif
