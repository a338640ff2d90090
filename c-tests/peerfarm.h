/*
 * peerfarm.h - many raw ZMTP peers in child processes, for the tests that
 * count what one connection costs the zmq side (descriptors, memory, CPU).
 *
 * A farm is a child process forked BEFORE the test creates its zmq context
 * (so the child never runs in a copy of the library's threads) that opens
 * plain BSD sockets and speaks just enough ZMTP 3.0 (NULL mechanism) to be
 * a DEALER: its greeting, READY, then one message frame "peer".  It holds
 * its connections until told otherwise (a peer sends its message once it
 * read the zmq side's greeting and READY); a raw peer costs the child one
 * descriptor and no threads, so thousands fit in one process.  (The body
 * is "peer" unless pf_connect_tag gives another.)
 *
 * Parent side:
 *   pf_start(&f)            fork the child (before zmq_ctx_new)
 *   pf_connect(&f, ep, k, wait_greeting)
 *                           the child opens k more peers to ep (tcp://... or
 *                           ipc://...) and answers how many it opened; with
 *                           wait_greeting it reads the zmq side's 64-byte
 *                           greeting on each before opening the next (the
 *                           zmq side accepted it), without, it only
 *                           connects and sends (peers may sit in the
 *                           listener's backlog)
 *   pf_close_all(&f)        the child closes every peer it holds
 *   pf_stop(&f)             the child exits; waits for it
 * Every exchange with the child is bounded (PF_CHILD_MS).
 */
#ifndef FERROMQ_PEERFARM_H
#define FERROMQ_PEERFARM_H

#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>

#ifndef PF_CHILD_MS
#define PF_CHILD_MS 30000
#endif

typedef struct {
    pid_t pid;
    int to_child;   /* commands, one line each */
    int from_child; /* answers, one line each */
} pf_farm;

/* Raises the soft RLIMIT_NOFILE to min(want, hard). Returns the new soft
 * limit. */
static TU_UNUSED long pf_raise_nofile(long want)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return -1;
    if (rl.rlim_max != RLIM_INFINITY && (rlim_t)want > rl.rlim_max)
        want = (long)rl.rlim_max;
    if ((rlim_t)want > rl.rlim_cur) {
        rl.rlim_cur = (rlim_t)want;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
            return -1;
    }
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return -1;
    return (long)rl.rlim_cur;
}

/* The hard RLIMIT_NOFILE (LONG_MAX for unlimited). */
static TU_UNUSED long pf_hard_nofile(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return -1;
    return rl.rlim_max == RLIM_INFINITY ? LONG_MAX : (long)rl.rlim_max;
}

/* Open descriptors of this process (entries of /proc/self/fd, minus the
 * one opendir itself holds). */
#include <dirent.h>
static TU_UNUSED int pf_count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int n = 0;
    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n - 1;
}

/* Resident set size of this process in KiB (/proc/self/statm). */
static TU_UNUSED long pf_rss_kb(void)
{
    long size = 0, res = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL)
        return -1;
    if (fscanf(f, "%ld %ld", &size, &res) != 2)
        res = -1;
    fclose(f);
    return res < 0 ? -1 : res * (sysconf(_SC_PAGESIZE) / 1024);
}

/* CPU time (user + system, all threads) of this process in ms. */
static TU_UNUSED long pf_cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
           (long)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
}

/* ---- the child ---------------------------------------------------------- */

static int pf_line_(int fd, char *buf, size_t cap, int ms)
{
    size_t n = 0;
    int64_t deadline = tu_now_ms() + ms;
    while (n + 1 < cap) {
        struct pollfd p;
        ssize_t r;
        int64_t left = deadline - tu_now_ms();
        if (ms >= 0 && left <= 0)
            return -1;
        p.fd = fd;
        p.events = POLLIN;
        p.revents = 0;
        if (poll(&p, 1, ms < 0 ? -1 : (int)left) <= 0)
            continue;
        r = read(fd, buf + n, 1);
        if (r == 0)
            return 0;
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (buf[n] == '\n') {
            buf[n] = '\0';
            return 1;
        }
        n++;
    }
    buf[n] = '\0';
    return 1;
}

static void pf_say_(int fd, const char *fmt, ...)
{
    char line[256];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n > 0 && write(fd, line, (size_t)n) != n)
        _exit(3);
}

/* Connects one raw peer to ep; -1 (errno set) on failure. */
static int pf_dial_(const char *ep)
{
    struct timeval tv = {5, 0};
    int fd;
    if (strncmp(ep, "tcp://", 6) == 0) {
        struct sockaddr_in a;
        memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        a.sin_port = htons((uint16_t)tu_tcp_port(ep));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0)
            return -1;
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
    } else {
        struct sockaddr_un a;
        memset(&a, 0, sizeof a);
        a.sun_family = AF_UNIX;
        strncpy(a.sun_path, ep + 6, sizeof a.sun_path - 1);
        fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd < 0)
            return -1;
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
    }
    return fd;
}

/* Greeting (ZMTP 3.0, NULL, as client) and READY as a socket of type
 * `type` ("DEALER", "PUSH", ...), in one write. */
static int pf_hello_as_(int fd, const char *type)
{
    unsigned char b[128], ready[64];
    size_t n = 0, tl = strlen(type), rl;
    memcpy(ready, "\x05READY\x0bSocket-Type\x00\x00\x00", 21);
    ready[21] = (unsigned char)tl;
    memcpy(ready + 22, type, tl);
    rl = 22 + tl;
    memset(b, 0, 64);
    b[0] = 0xFF;
    b[8] = 0x01;
    b[9] = 0x7F;
    b[10] = 3;
    b[11] = 0;
    memcpy(b + 12, "NULL", 4);
    n = 64;
    b[n++] = 0x04;
    b[n++] = (unsigned char)rl;
    memcpy(b + n, ready, rl);
    n += rl;
    return send(fd, b, n, MSG_NOSIGNAL) == (ssize_t)n ? 0 : -1;
}

static int pf_hello_(int fd)
{
    return pf_hello_as_(fd, "DEALER");
}

/* One message frame `tag` (at most 32 bytes). libzmq takes messages only
 * once its READY went out: a frame in the same read as the peer's READY
 * fails its handshake (unexpected command), so peers send it after
 * pf_handshake_. */
static int pf_message_(int fd, const char *tag)
{
    unsigned char b[40];
    size_t tl = strlen(tag);
    b[0] = 0x00;
    b[1] = (unsigned char)tl;
    memcpy(b + 2, tag, tl);
    return send(fd, b, tl + 2, MSG_NOSIGNAL) == (ssize_t)(tl + 2) ? 0 : -1;
}

static int pf_read_exact_(int fd, unsigned char *p, size_t len)
{
    while (len > 0) {
        ssize_t r = recv(fd, p, len, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r == 0)
                errno = ECONNRESET;
            return -1;
        }
        p += r;
        len -= (size_t)r;
    }
    return 0;
}

/* Reads the zmq side's greeting (it may come in two parts) and its READY
 * (bounded by the socket's SO_RCVTIMEO). */
static int pf_handshake_(int fd)
{
    unsigned char g[64], body[512];
    uint64_t size = 0;
    int i;
    if (pf_read_exact_(fd, g, sizeof g) != 0)
        return -1;
    if (g[0] != 0xFF || g[9] != 0x7F) {
        errno = EPROTO;
        return -1;
    }
    if (pf_read_exact_(fd, g, 2) != 0)
        return -1;
    if (g[0] & 0x02) {
        if (pf_read_exact_(fd, g + 2, 7) != 0)
            return -1;
        for (i = 1; i < 9; i++)
            size = (size << 8) | g[i];
    } else {
        size = g[1];
    }
    if (!(g[0] & 0x04) || size > sizeof body || size < 6) {
        errno = EPROTO;
        return -1;
    }
    if (pf_read_exact_(fd, body, (size_t)size) != 0)
        return -1;
    if (memcmp(body, "\x05READY", 6) != 0) {
        errno = EPROTO;
        return -1;
    }
    return 0;
}

static void pf_child_(int in, int out)
{
    static int fds[40000];
    static unsigned char done[40000];
    int nfds = 0;
    char line[512];
    char ep[300] = "";
    char tag[33] = "peer";
    for (;;) {
        int r = pf_line_(in, line, sizeof line, -1);
        if (r <= 0)
            _exit(0);
        if (line[0] == 'c') {
            /* c <k> <wait> <endpoint> <tag> */
            int k = 0, wait = 0, i, first = nfds, opened = 0, err = 0;
            if (sscanf(line, "c %d %d %299s %32s", &k, &wait, ep, tag) != 4) {
                pf_say_(out, "error bad command\n");
                continue;
            }
            for (i = 0; i < k && nfds < (int)(sizeof fds / sizeof fds[0]);
                 i++) {
                int fd = pf_dial_(ep);
                if (fd < 0) {
                    err = errno;
                    break;
                }
                done[nfds] = 0;
                fds[nfds++] = fd;
                if (pf_hello_(fd) != 0) {
                    err = errno;
                    break;
                }
                if (wait) {
                    if (pf_handshake_(fd) != 0 || pf_message_(fd, tag) != 0) {
                        err = errno;
                        break;
                    }
                    done[nfds - 1] = 1;
                }
                opened++;
            }
            if (!wait && err == 0) {
                /* Serve the peers the zmq side accepts within 2 s. */
                int64_t deadline = tu_now_ms() + 2000;
                static struct pollfd p[40000];
                while (tu_now_ms() < deadline) {
                    int np = 0, j;
                    for (j = first; j < nfds; j++)
                        if (!done[j]) {
                            p[np].fd = fds[j];
                            p[np].events = POLLIN;
                            p[np].revents = 0;
                            np++;
                        }
                    if (np == 0 || poll(p, (nfds_t)np, 50) <= 0)
                        continue;
                    for (j = first; j < nfds; j++) {
                        int q;
                        if (done[j])
                            continue;
                        for (q = 0; q < np; q++)
                            if (p[q].fd == fds[j] && p[q].revents)
                                break;
                        if (q == np)
                            continue;
                        done[j] = 1;
                        if (pf_handshake_(fds[j]) == 0)
                            pf_message_(fds[j], tag);
                    }
                }
            }
            pf_say_(out, "opened %d %d\n", opened, err);
        } else if (line[0] == 'x') {
            int i;
            for (i = 0; i < nfds; i++)
                close(fds[i]);
            nfds = 0;
            pf_say_(out, "closed\n");
        } else {
            pf_say_(out, "error unknown command\n");
        }
    }
}

/* Forks the farm. Call before zmq_ctx_new. The child may hold up to
 * `max_peers` descriptors (its soft RLIMIT_NOFILE is raised for them). */
static TU_UNUSED void pf_start(pf_farm *f, long max_peers)
{
    int a[2], b[2];
    TU_ASSERT(pipe(a) == 0 && pipe(b) == 0);
    f->pid = fork();
    TU_ASSERT(f->pid >= 0);
    if (f->pid == 0) {
        close(a[1]);
        close(b[0]);
        alarm(0);
        /* The child's own watchdog: never outlive a lost parent long. */
        alarm(TU_ALARM_S + 10);
        pf_raise_nofile(max_peers + 64);
        pf_child_(a[0], b[1]);
        _exit(0);
    }
    close(a[0]);
    close(b[1]);
    f->to_child = a[1];
    f->from_child = b[0];
}

/* The child opens k peers to ep, each sending the message `tag` (1 to 32
 * characters, no spaces); returns how many it opened (err gets the errno
 * of the first failure, 0 if none). */
static TU_UNUSED int pf_connect_tag(pf_farm *f, const char *ep, int k,
                                    int wait, const char *tag, int *err)
{
    char line[400];
    int opened = -1, e = 0, n;
    n = snprintf(line, sizeof line, "c %d %d %s %s\n", k, wait, ep, tag);
    TU_ASSERT(write(f->to_child, line, (size_t)n) == n);
    TU_ASSERT_MSG(pf_line_(f->from_child, line, sizeof line, PF_CHILD_MS) == 1,
                  "peer farm did not answer");
    TU_ASSERT_MSG(sscanf(line, "opened %d %d", &opened, &e) == 2,
                  "peer farm said: %s", line);
    if (err)
        *err = e;
    return opened;
}

/* pf_connect_tag with the message "peer". */
static TU_UNUSED int pf_connect(pf_farm *f, const char *ep, int k, int wait,
                                int *err)
{
    return pf_connect_tag(f, ep, k, wait, "peer", err);
}

static TU_UNUSED void pf_close_all(pf_farm *f)
{
    char line[64];
    TU_ASSERT(write(f->to_child, "x\n", 2) == 2);
    TU_ASSERT_MSG(pf_line_(f->from_child, line, sizeof line, PF_CHILD_MS) == 1,
                  "peer farm did not answer");
}

static TU_UNUSED void pf_stop(pf_farm *f)
{
    int st;
    int64_t deadline = tu_now_ms() + 10000;
    if (f->to_child >= 0)
        close(f->to_child);
    f->to_child = -1;
    while (waitpid(f->pid, &st, WNOHANG) == 0) {
        if (tu_now_ms() > deadline) {
            kill(f->pid, SIGKILL);
            waitpid(f->pid, &st, 0);
            break;
        }
        tu_sleep_ms(5);
    }
    close(f->from_child);
}

/* Receives two-frame messages [routing id][body] on a ROUTER until n with
 * body `tag` arrived or one zmq_recv timed out (the socket's RCVTIMEO);
 * others are skipped. Returns how many with `tag` arrived. */
static TU_UNUSED int pf_recv_tagged(void *router, const char *tag, int n)
{
    int got = 0;
    size_t tl = strlen(tag);
    while (got < n) {
        char buf[64];
        int rc = zmq_recv(router, buf, sizeof buf, 0);
        if (rc < 0)
            break;
        if (tu_get_int(router, ZMQ_RCVMORE))
            continue;
        if (rc == (int)tl && memcmp(buf, tag, tl) == 0)
            got++;
    }
    return got;
}

/* pf_recv_tagged for "peer". */
static TU_UNUSED int pf_recv_hellos(void *router, int n)
{
    return pf_recv_tagged(router, "peer", n);
}

#endif /* FERROMQ_PEERFARM_H */
