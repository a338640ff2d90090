/*
 * floor_thr: the physical floor for throughput, without ZeroMQ.
 *   floor_thr recv <bind-to> <message-size> <message-count>
 *   floor_thr send <connect-to> <message-size> <message-count>
 *
 * A plain C write/read loop over the same kernel path as local_thr /
 * remote_thr: <bind-to> / <connect-to> are tcp://127.0.0.1:PORT (tcp
 * loopback, TCP_NODELAY like both libraries) or ipc://PATH (unix stream
 * socket). Both sides set SO_SNDBUF/SO_RCVBUF from PERF_SOCKBUF (default
 * 1 MiB, 0 = kernel default), as the perf programs set ZMQ_SNDBUF/ZMQ_RCVBUF.
 * The sender writes <message-count> buffers of <message-size> bytes (each a
 * write loop until the whole buffer is out), then closes. The receiver reads
 * into a <message-size> buffer until it has <message-count> x
 * <message-size> bytes and the peer has closed; the throughput is counted
 * like local_thr's: <message-count> / time from the first complete message
 * to the last byte. No framing, no copies beyond the kernel's.
 *
 * Knobs for looking into what limits the path (the bench uses neither):
 * PERF_FLOOR_BATCH=N (sender) writes N messages per write (default 1);
 * PERF_FLOOR_READ=BYTES (receiver) reads up to BYTES per read (default
 * <message-size>).
 *
 * Output: "library: none (plain kernel sockets)" once bound (the bench
 * runner's "ready" signal), "socket buffers: ..." (kernel view), "mean
 * throughput: N [msg/s]", "messages received: N of N" and "cpu time: S [s]".
 * Not linked against libzmq (bench.sh checks that).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static double now_us (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec * 1e6 + (double) ts.tv_nsec / 1e3;
}

static double cpu_s (void)
{
    struct rusage ru;
    if (getrusage (RUSAGE_SELF, &ru) != 0)
        return -1.0;
    return (double) ru.ru_utime.tv_sec + (double) ru.ru_utime.tv_usec / 1e6
           + (double) ru.ru_stime.tv_sec + (double) ru.ru_stime.tv_usec / 1e6;
}

static void die (const char *what)
{
    printf ("error in %s: %s\n", what, strerror (errno));
    fflush (stdout);
    exit (1);
}

static long parse_long (const char *s, const char *name, long min)
{
    char *end = NULL;
    long v;
    errno = 0;
    v = strtol (s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < min || v > INT_MAX) {
        printf ("invalid %s: '%s'\n", name, s);
        exit (1);
    }
    return v;
}

static long env_long (const char *name, long def)
{
    const char *v = getenv (name);
    char *end = NULL;
    long r;
    if (v == NULL || *v == '\0')
        return def;
    errno = 0;
    r = strtol (v, &end, 10);
    if (errno != 0 || end == v || *end != '\0') {
        printf ("invalid value for %s: '%s'\n", name, v);
        exit (1);
    }
    return r;
}

/* Parse tcp://A.B.C.D:PORT or ipc://PATH into a socket address. */
static int parse_endpoint (const char *ep, struct sockaddr_storage *ss,
                           socklen_t *len, int *ipc)
{
    memset (ss, 0, sizeof *ss);
    if (strncmp (ep, "tcp://", 6) == 0) {
        struct sockaddr_in *sin = (struct sockaddr_in *) ss;
        char host[64];
        const char *colon = strrchr (ep + 6, ':');
        size_t hl;
        long port;
        if (colon == NULL)
            return -1;
        hl = (size_t) (colon - (ep + 6));
        if (hl == 0 || hl >= sizeof host)
            return -1;
        memcpy (host, ep + 6, hl);
        host[hl] = '\0';
        port = strtol (colon + 1, NULL, 10);
        if (port <= 0 || port > 65535)
            return -1;
        sin->sin_family = AF_INET;
        sin->sin_port = htons ((unsigned short) port);
        if (inet_pton (AF_INET, host, &sin->sin_addr) != 1)
            return -1;
        *len = sizeof *sin;
        *ipc = 0;
        return 0;
    }
    if (strncmp (ep, "ipc://", 6) == 0) {
        struct sockaddr_un *sun = (struct sockaddr_un *) ss;
        size_t pl = strlen (ep + 6);
        if (pl == 0 || pl >= sizeof sun->sun_path)
            return -1;
        sun->sun_family = AF_UNIX;
        memcpy (sun->sun_path, ep + 6, pl + 1);
        *len = (socklen_t) (offsetof (struct sockaddr_un, sun_path) + pl + 1);
        *ipc = 1;
        return 0;
    }
    return -1;
}

/* SO_SNDBUF/SO_RCVBUF as the perf programs ask their library for. */
static void set_bufs (int fd)
{
    long v = env_long ("PERF_SOCKBUF", 1048576);
    int b;
    if (v <= 0)
        return;
    b = v > INT_MAX ? INT_MAX : (int) v;
    if (setsockopt (fd, SOL_SOCKET, SO_SNDBUF, &b, sizeof b) != 0)
        die ("setsockopt (SO_SNDBUF)");
    if (setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &b, sizeof b) != 0)
        die ("setsockopt (SO_RCVBUF)");
}

static void show_bufs (int fd, int ipc)
{
    int s = 0, r = 0;
    socklen_t l = sizeof s;
    getsockopt (fd, SOL_SOCKET, SO_SNDBUF, &s, &l);
    l = sizeof r;
    getsockopt (fd, SOL_SOCKET, SO_RCVBUF, &r, &l);
    printf ("socket buffers: sndbuf %d rcvbuf %d [kernel, %s data connection]\n",
            s, r, ipc ? "ipc" : "tcp");
}

static void set_nodelay (int fd, int ipc)
{
    int one = 1;
    if (!ipc
        && setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0)
        die ("setsockopt (TCP_NODELAY)");
}

static int run_recv (const char *ep, size_t size, long count)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int ipc, lfd, fd, one = 1;
    char *buf;
    unsigned long long want, got = 0;
    double start = 0.0, elapsed;
    long timeout_ms = env_long ("PERF_TIMEOUT_MS", 10000);
    struct timeval tv;
    unsigned long throughput;
    size_t rsize;

    if (parse_endpoint (ep, &ss, &len, &ipc) != 0) {
        printf ("invalid endpoint: '%s' (tcp://A.B.C.D:PORT or ipc://PATH)\n",
                ep);
        return 1;
    }
    lfd = socket (ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (lfd < 0)
        die ("socket");
    if (!ipc)
        setsockopt (lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    /* set on the listener so the accepted socket starts with them (as the
     * libraries do: the window scale is fixed at the handshake) */
    set_bufs (lfd);
    if (bind (lfd, (struct sockaddr *) &ss, len) != 0)
        die ("bind");
    if (listen (lfd, 16) != 0)
        die ("listen");
    printf ("library: none (plain kernel sockets)\n");
    fflush (stdout);

    fd = accept4 (lfd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0)
        die ("accept");
    close (lfd);
    if (ipc)
        unlink (((struct sockaddr_un *) &ss)->sun_path);
    set_bufs (fd);
    set_nodelay (fd, ipc);
    tv.tv_sec = timeout_ms / 1000;
    tv.tv_usec = (timeout_ms % 1000) * 1000;
    if (setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0)
        die ("setsockopt (SO_RCVTIMEO)");

    rsize = (size_t) env_long ("PERF_FLOOR_READ", (long) size);
    if (rsize < 1)
        rsize = size;
    buf = malloc (rsize > size ? rsize : size);
    if (buf == NULL)
        die ("malloc");
    want = (unsigned long long) size * (unsigned long long) count;
    while (got < want) {
        size_t n = rsize;
        ssize_t r;
        if (want - got < n)
            n = (size_t) (want - got);
        r = read (fd, buf, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                printf ("error: no data for %ld ms: ", timeout_ms);
            else if (r < 0)
                printf ("error in read (%s): ", strerror (errno));
            else
                printf ("error: the sender closed early: ");
            printf ("received %llu of %ld messages\n",
                    size ? got / size : 0, count);
            printf ("cpu time: %.6f [s]\n", cpu_s ());
            fflush (stdout);
            return 1;
        }
        if (start == 0.0 && got < size && got + (size_t) r >= size) {
            start = now_us ();
            show_bufs (fd, ipc);
        }
        got += (unsigned long long) r;
    }
    elapsed = now_us () - start;
    if (elapsed < 1.0)
        elapsed = 1.0;
    /* nothing beyond: the sender closes after exactly count messages */
    {
        ssize_t r = read (fd, buf, size > 0 ? size : 1);
        if (r > 0) {
            printf ("error: received more than %ld messages\n", count);
            return 1;
        }
    }
    throughput = (unsigned long) ((double) count / elapsed * 1000000.0);
    printf ("message size: %d [B]\n", (int) size);
    printf ("message count: %d\n", (int) count);
    printf ("mean throughput: %d [msg/s]\n", (int) throughput);
    printf ("mean throughput: %.3f [Mb/s]\n",
            (double) throughput * (double) size * 8.0 / 1000000.0);
    printf ("messages received: %ld of %ld\n", count, count);
    close (fd);
    free (buf);
    printf ("cpu time: %.6f [s]\n", cpu_s ());
    fflush (stdout);
    return 0;
}

static int run_send (const char *ep, size_t size, long count)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int ipc, fd;
    char *buf;
    long i, batch;

    if (parse_endpoint (ep, &ss, &len, &ipc) != 0) {
        printf ("invalid endpoint: '%s'\n", ep);
        return 1;
    }
    fd = socket (ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        die ("socket");
    set_bufs (fd);
    set_nodelay (fd, ipc);
    if (connect (fd, (struct sockaddr *) &ss, len) != 0)
        die ("connect");
    printf ("library: none (plain kernel sockets)\n");
    show_bufs (fd, ipc);
    fflush (stdout);
    /* PERF_FLOOR_BATCH messages per write (default 1) */
    batch = env_long ("PERF_FLOOR_BATCH", 1);
    if (batch < 1)
        batch = 1;
    buf = malloc (size * (size_t) batch);
    if (buf == NULL)
        die ("malloc");
    memset (buf, 0x5a, size * (size_t) batch);
    for (i = 0; i < count; i += batch) {
        size_t off = 0, n = size * (size_t) (count - i < batch ? count - i : batch);
        while (off < n) {
            ssize_t w = write (fd, buf + off, n - off);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                die ("write");
            off += (size_t) w;
        }
    }
    if (close (fd) != 0)
        die ("close");
    free (buf);
    printf ("messages sent: %ld\n", count);
    printf ("cpu time: %.6f [s]\n", cpu_s ());
    fflush (stdout);
    return 0;
}

int main (int argc, char *argv[])
{
    size_t size;
    long count;
    if (argc != 5
        || (strcmp (argv[1], "recv") != 0 && strcmp (argv[1], "send") != 0)) {
        printf ("usage: floor_thr recv|send <endpoint> <message-size> "
                "<message-count>\n");
        return 1;
    }
    signal (SIGPIPE, SIG_IGN);
    size = (size_t) parse_long (argv[3], "message-size", 1);
    count = parse_long (argv[4], "message-count", 1);
    if (strcmp (argv[1], "recv") == 0)
        return run_recv (argv[2], size, count);
    return run_send (argv[2], size, count);
}
