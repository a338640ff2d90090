/*
 * idle_conns: opens many idle ZMTP connections to idle_router, without
 * ZeroMQ (plain sockets; the same client whichever library the ROUTER uses).
 *   idle_conns <connect-to> <connections>
 *
 * <connect-to> is tcp://A.B.C.D:PORT. First every connection is opened
 * (blocking connect) and sends a ZMTP 3.0 greeting (NULL mechanism, as
 * client); then, connection by connection, it reads the server's greeting
 * and READY command and sends its READY (Socket-Type DEALER) and one 1-byte
 * message. (libzmq 4.3 stalls when a peer's greeting and READY arrive in
 * one read, so they are not sent in one write.) Then
 * it waits until the server closes the first connection (end of file or
 * reset, after idle_router measured its memory and exited); it fails after
 * PERF_TIMEOUT_MS of silence. Raises its own RLIMIT_NOFILE soft limit to the
 * hard limit.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static double cpu_s (void)
{
    struct rusage ru;
    if (getrusage (RUSAGE_SELF, &ru) != 0)
        return -1.0;
    return (double) ru.ru_utime.tv_sec + (double) ru.ru_utime.tv_usec / 1e6
           + (double) ru.ru_stime.tv_sec + (double) ru.ru_stime.tv_usec / 1e6;
}

static int write_all (int fd, const unsigned char *p, size_t n)
{
    size_t off = 0;
    while (off < n) {
        ssize_t w = write (fd, p + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        off += (size_t) w;
    }
    return 0;
}

/* Read exactly n bytes (SO_RCVTIMEO bounds each read). */
static int read_exact (int fd, unsigned char *p, size_t n)
{
    size_t off = 0;
    errno = 0;
    while (off < n) {
        ssize_t r = read (fd, p + off, n - off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        off += (size_t) r;
    }
    return 0;
}

/* The server's 64-byte greeting, then one command (its READY). */
static int read_greeting_ready (int fd)
{
    unsigned char b[512];
    size_t len;
    if (read_exact (fd, b, 64) != 0 || b[0] != 0xff || b[10] != 3)
        return -1;
    if (read_exact (fd, b, 2) != 0)
        return -1;
    if (b[0] == 0x04) {
        len = b[1];
    } else if (b[0] == 0x06) {
        if (read_exact (fd, b + 2, 7) != 0 || b[1] || b[2] || b[3] || b[4]
            || b[5] || b[6] > 0)
            return -1;
        len = ((size_t) b[7] << 8) | b[8];
    } else {
        return -1;
    }
    if (len > sizeof b || read_exact (fd, b, len) != 0)
        return -1;
    if (len < 6 || memcmp (b, "\x05READY", 6) != 0)
        return -1;
    return 0;
}

int main (int argc, char *argv[])
{
    struct sockaddr_in sin;
    char host[64];
    const char *colon;
    long conns, i, port;
    int *fds;
    unsigned char out[128];
    size_t outlen = 0;
    struct rlimit rl;
    const char *tv_env = getenv ("PERF_TIMEOUT_MS");
    long timeout_ms = tv_env && *tv_env ? strtol (tv_env, NULL, 10) : 10000;
    struct timeval tv;
    char buf[4096];

    if (argc != 3 || strncmp (argv[1], "tcp://", 6) != 0) {
        printf ("usage: idle_conns tcp://A.B.C.D:PORT <connections>\n");
        return 1;
    }
    signal (SIGPIPE, SIG_IGN);
    colon = strrchr (argv[1] + 6, ':');
    conns = strtol (argv[2], NULL, 10);
    if (colon == NULL || conns < 1 || conns > 1000000
        || (size_t) (colon - (argv[1] + 6)) >= sizeof host) {
        printf ("invalid arguments\n");
        return 1;
    }
    memcpy (host, argv[1] + 6, (size_t) (colon - (argv[1] + 6)));
    host[colon - (argv[1] + 6)] = '\0';
    port = strtol (colon + 1, NULL, 10);
    memset (&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons ((unsigned short) port);
    if (port <= 0 || port > 65535 || inet_pton (AF_INET, host, &sin.sin_addr) != 1) {
        printf ("invalid endpoint: %s\n", argv[1]);
        return 1;
    }
    if (getrlimit (RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit (RLIMIT_NOFILE, &rl);
    }

    /* greeting: signature, version 3.0, mechanism NULL, as-server 0, filler */
    memset (out, 0, sizeof out);
    out[0] = 0xff;
    out[9] = 0x7f;
    out[10] = 3;
    out[11] = 0;
    memcpy (out + 12, "NULL", 4);
    outlen = 64;
    /* READY command: short command frame, body = name + Socket-Type */
    {
        static const char ready[] = "\x05READY\x0bSocket-Type\x00\x00\x00\x06"
                                    "DEALER";
        size_t rl_ = sizeof ready - 1; /* 28 */
        out[outlen++] = 0x04;
        out[outlen++] = (unsigned char) rl_;
        memcpy (out + outlen, ready, rl_);
        outlen += rl_;
    }
    /* one message: 1 byte */
    out[outlen++] = 0x00;
    out[outlen++] = 0x01;
    out[outlen++] = 'x';

    fds = calloc ((size_t) conns, sizeof *fds);
    if (fds == NULL) {
        printf ("error: out of memory\n");
        return 1;
    }
    printf ("library: none (plain kernel sockets, ZMTP 3.0 written by hand)\n");
    fflush (stdout);
    tv.tv_sec = timeout_ms / 1000;
    tv.tv_usec = (timeout_ms % 1000) * 1000;
    /* 1: connect everything and send our greeting */
    for (i = 0; i < conns; i++) {
        int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            printf ("error in socket (connection %ld): %s\n", i,
                    strerror (errno));
            return 1;
        }
        if (connect (fd, (struct sockaddr *) &sin, sizeof sin) != 0) {
            printf ("error in connect (connection %ld): %s\n", i,
                    strerror (errno));
            return 1;
        }
        setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        if (write_all (fd, out, 64) != 0) {
            printf ("error in write (connection %ld): %s\n", i,
                    strerror (errno));
            return 1;
        }
        fds[i] = fd;
    }
    /* 2: once the server's greeting and READY are in (it has read all of
     * our greeting: libzmq 4.3 stalls when the greeting and the next command
     * arrive in one read), send READY and the message */
    for (i = 0; i < conns; i++) {
        if (read_greeting_ready (fds[i]) != 0) {
            printf ("error: no ZMTP greeting and READY from the server on "
                    "connection %ld (%s)\n",
                    i, errno ? strerror (errno) : "malformed");
            return 1;
        }
        if (write_all (fds[i], out + 64, outlen - 64) != 0) {
            printf ("error in write (connection %ld): %s\n", i,
                    strerror (errno));
            return 1;
        }
    }
    printf ("connections: %ld\n", conns);
    fflush (stdout);

    /* wait for the server to go away: EOF or reset on the first connection */
    /* the server needs time to take in every connection after our last
     * write: allow ten times the silence limit */
    tv.tv_sec = timeout_ms * 10 / 1000;
    tv.tv_usec = (timeout_ms * 10 % 1000) * 1000;
    setsockopt (fds[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    for (;;) {
        ssize_t r = read (fds[0], buf, sizeof buf);
        if (r > 0)
            continue;
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0 || errno == ECONNRESET)
            break;
        printf ("error: the server did not close within %ld ms (%s)\n",
                timeout_ms * 10, strerror (errno));
        return 1;
    }
    for (i = 0; i < conns; i++)
        close (fds[i]);
    free (fds);
    printf ("cpu time: %.6f [s]\n", cpu_s ());
    fflush (stdout);
    return 0;
}
