/*
 * Helpers shared by the ferromq perf programs (local_thr, remote_thr,
 * local_lat, remote_lat, inproc_thr, inproc_lat).
 *
 * The programs use zmq.h only, so the same binaries run on ferromq and on
 * the system libzmq (selected at run time through LD_LIBRARY_PATH).
 *
 * Environment variables understood by the programs:
 *   PERF_SHOW_LIB=1     print "library: <path of the mapped libzmq>" and
 *                       "zmq version: x.y.z" once the socket is bound or
 *                       connected (the bench runner checks them).
 *   PERF_SOCKBUF=N      ZMQ_SNDBUF and ZMQ_RCVBUF for local_thr/remote_thr
 *                       (default 1048576; 0 = leave the library default).
 *   PERF_TIMEOUT_MS=N   receive timeout: this long without a message is a
 *                       failure (default 10000).
 *   PERF_LINGER=N       remote_thr/remote_lat/local_lat: set ZMQ_LINGER
 *                       (default: not set, i.e. the library default, -1).
 *   PERF_CPU_MAIN=N     inproc_*: pin the main (receiving / REQ) thread
 *   PERF_CPU_WORKER=N   inproc_*: pin the worker (sending / REP) thread
 */
#ifndef FERROMQ_PERF_COMMON_H
#define FERROMQ_PERF_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <zmq.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#if defined(__GNUC__)
#define PERF_UNUSED __attribute__ ((unused))
#else
#define PERF_UNUSED
#endif

/* Print an error in the style of libzmq's perf tools and exit non-zero. */
#define PERF_FAIL_ZMQ(what)                                                    \
    do {                                                                       \
        printf ("error in %s: %s\n", (what), zmq_strerror (errno));            \
        fflush (stdout);                                                       \
        exit (1);                                                              \
    } while (0)

/* Monotonic wall clock in microseconds. */
PERF_UNUSED static double perf_now_us (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec * 1e6 + (double) ts.tv_nsec / 1e3;
}

/* CPU time (user + system) of the whole process, all threads, in seconds. */
PERF_UNUSED static double perf_cpu_s (void)
{
    struct rusage ru;
    if (getrusage (RUSAGE_SELF, &ru) != 0)
        return -1.0;
    return (double) ru.ru_utime.tv_sec + (double) ru.ru_utime.tv_usec / 1e6
           + (double) ru.ru_stime.tv_sec + (double) ru.ru_stime.tv_usec / 1e6;
}

PERF_UNUSED static void perf_print_cpu (void)
{
    printf ("cpu time: %.6f [s]\n", perf_cpu_s ());
    fflush (stdout);
}

/* Strict parse of a non-negative integer argument. */
PERF_UNUSED static long perf_parse_long (const char *s, const char *name, long min)
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

/* Integer from the environment; def when unset or empty. */
PERF_UNUSED static long perf_env_long (const char *name, long def)
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

PERF_UNUSED static int perf_timeout_ms (void)
{
    return (int) perf_env_long ("PERF_TIMEOUT_MS", 10000);
}

/* Print the path of the libzmq actually mapped in this process. */
PERF_UNUSED static void perf_show_lib (void)
{
    const char *v = getenv ("PERF_SHOW_LIB");
    FILE *f;
    char line[4096];
    char found[4096] = "";
    int major = 0, minor = 0, patch = 0;

    if (v == NULL || strcmp (v, "1") != 0)
        return;
    f = fopen ("/proc/self/maps", "r");
    if (f != NULL) {
        while (fgets (line, sizeof line, f) != NULL) {
            char *p = strchr (line, '/');
            if (p != NULL && strstr (p, "/libzmq.so") != NULL) {
                size_t n = strcspn (p, "\n");
                if (n >= sizeof found)
                    n = sizeof found - 1;
                memcpy (found, p, n);
                found[n] = '\0';
                break;
            }
        }
        fclose (f);
    }
    zmq_version (&major, &minor, &patch);
    printf ("library: %s\n", found[0] ? found : "(not found)");
    printf ("zmq version: %d.%d.%d\n", major, minor, patch);
    fflush (stdout);
}

PERF_UNUSED static void perf_setsockopt_int (void *s, int option, int value,
                                 const char *name)
{
    if (zmq_setsockopt (s, option, &value, sizeof value) != 0) {
        printf ("error in zmq_setsockopt (%s): %s\n", name,
                zmq_strerror (errno));
        exit (1);
    }
}

/* ZMQ_SNDBUF / ZMQ_RCVBUF from PERF_SOCKBUF (default 1 MiB, 0 = unset),
 * read back to make sure the library took them. */
PERF_UNUSED static void perf_set_sockbuf (void *s)
{
    long v = perf_env_long ("PERF_SOCKBUF", 1048576);
    int got = 0;
    size_t len = sizeof got;
    if (v <= 0)
        return;
    if (v > INT_MAX)
        v = INT_MAX;
    perf_setsockopt_int (s, ZMQ_SNDBUF, (int) v, "ZMQ_SNDBUF");
    perf_setsockopt_int (s, ZMQ_RCVBUF, (int) v, "ZMQ_RCVBUF");
    if (zmq_getsockopt (s, ZMQ_SNDBUF, &got, &len) != 0 || got != (int) v) {
        printf ("error: ZMQ_SNDBUF reads back as %d, expected %ld\n", got, v);
        exit (1);
    }
    len = sizeof got;
    if (zmq_getsockopt (s, ZMQ_RCVBUF, &got, &len) != 0 || got != (int) v) {
        printf ("error: ZMQ_RCVBUF reads back as %d, expected %ld\n", got, v);
        exit (1);
    }
}

static long perf_read_long_file (const char *path, long def)
{
    FILE *f = fopen (path, "r");
    long v = def;
    if (f != NULL) {
        if (fscanf (f, "%ld", &v) != 1)
            v = def;
        fclose (f);
    }
    return v;
}

/* Whether fd is the data connection of the endpoint: a connected stream
 * socket of the endpoint's family (for ipc: with a path on one side, which
 * excludes socketpairs a library may use internally). */
static int perf_is_data_socket (int fd, int ipc)
{
    struct stat st;
    struct sockaddr_storage a;
    socklen_t len;
    int type = 0;

    if (fstat (fd, &st) != 0 || !S_ISSOCK (st.st_mode))
        return 0;
    len = sizeof type;
    if (getsockopt (fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0
        || type != SOCK_STREAM)
        return 0;
    len = sizeof a;
    if (getpeername (fd, (struct sockaddr *) &a, &len) != 0)
        return 0; /* a listener, or not connected yet */
    if (!ipc)
        return a.ss_family == AF_INET || a.ss_family == AF_INET6;
    if (a.ss_family != AF_UNIX)
        return 0;
    if (len > sizeof (sa_family_t))
        return 1; /* the peer has a path: we connected to the endpoint */
    len = sizeof a;
    if (getsockname (fd, (struct sockaddr *) &a, &len) != 0)
        return 0;
    return len > sizeof (sa_family_t); /* accepted on the endpoint's path */
}

/* Report the kernel's socket buffers of the data connection and check that
 * ZMQ_SNDBUF/ZMQ_RCVBUF reached it: Linux reports 2 x the requested size
 * (capped at net.core.[wr]mem_max). Polls up to wait_ms for the connection.
 * Over tcp a mismatch is an error (returns -1). Over ipc it is only
 * reported: libzmq 4.3 applies these options to tcp sockets only. */
PERF_UNUSED static int perf_check_sockbuf (const char *endpoint, int wait_ms)
{
    long v = perf_env_long ("PERF_SOCKBUF", 1048576);
    long wmax = perf_read_long_file ("/proc/sys/net/core/wmem_max", v);
    long rmax = perf_read_long_file ("/proc/sys/net/core/rmem_max", v);
    int ipc = strncmp (endpoint, "ipc://", 6) == 0;
    int tcp = strncmp (endpoint, "tcp://", 6) == 0;
    long want_snd = -1, want_rcv = -1;
    int waited = 0;
    int snd = -1, rcv = -1;

    if (!ipc && !tcp)
        return 0;
    if (v > 0) {
        want_snd = 2 * (v < wmax ? v : wmax);
        want_rcv = 2 * (v < rmax ? v : rmax);
    }
    for (;;) {
        DIR *d = opendir ("/proc/self/fd");
        struct dirent *e;
        int found = 0;
        if (d == NULL)
            return 0; /* cannot check */
        while ((e = readdir (d)) != NULL) {
            int fd, s1 = 0, r1 = 0;
            socklen_t len;
            if (e->d_name[0] < '0' || e->d_name[0] > '9')
                continue;
            fd = atoi (e->d_name);
            if (fd == dirfd (d) || !perf_is_data_socket (fd, ipc))
                continue;
            len = sizeof s1;
            getsockopt (fd, SOL_SOCKET, SO_SNDBUF, &s1, &len);
            len = sizeof r1;
            getsockopt (fd, SOL_SOCKET, SO_RCVBUF, &r1, &len);
            found = 1;
            snd = s1;
            rcv = r1;
            if (s1 == want_snd && r1 == want_rcv)
                break;
        }
        closedir (d);
        if (found || waited >= wait_ms)
            break;
        {
            struct timespec ts = {0, 10 * 1000000L};
            nanosleep (&ts, NULL);
            waited += 10;
        }
    }
    if (snd < 0) {
        printf ("socket buffers: unknown (no %s data connection found)\n",
                ipc ? "ipc" : "tcp");
        fflush (stdout);
        return 0;
    }
    printf ("socket buffers: sndbuf %d rcvbuf %d [kernel, %s data connection]"
            "%s\n",
            snd, rcv, ipc ? "ipc" : "tcp",
            v <= 0 ? ""
                   : (snd == want_snd && rcv == want_rcv ? " as requested"
                                                         : " NOT as requested"));
    fflush (stdout);
    if (tcp && v > 0 && (snd != want_snd || rcv != want_rcv)) {
        printf ("error: ZMQ_SNDBUF/ZMQ_RCVBUF did not take effect on the tcp "
                "connection: expected sndbuf %ld rcvbuf %ld\n",
                want_snd, want_rcv);
        fflush (stdout);
        return -1;
    }
    return 0;
}

/* ZMQ_LINGER from PERF_LINGER when set; otherwise the library default. */
PERF_UNUSED static void perf_set_linger (void *s)
{
    const char *v = getenv ("PERF_LINGER");
    if (v == NULL || *v == '\0')
        return;
    perf_setsockopt_int (s, ZMQ_LINGER, (int) perf_env_long ("PERF_LINGER", -1),
                         "ZMQ_LINGER");
}

/* Pin the calling thread to the CPU named by the environment variable. */
PERF_UNUSED static void perf_pin_thread (const char *env)
{
    long cpu = perf_env_long (env, -1);
    cpu_set_t set;
    int rc;
    if (cpu < 0)
        return;
    CPU_ZERO (&set);
    CPU_SET ((int) cpu, &set);
    rc = pthread_setaffinity_np (pthread_self (), sizeof set, &set);
    if (rc != 0) {
        printf ("error in pthread_setaffinity_np (%s=%ld): %s\n", env, cpu,
                strerror (rc));
        exit (1);
    }
}

/* Set by the throughput receivers when the first message arrived, so that a
 * failure can still report the rate up to the last message received. */
static double perf_first_us = 0.0;

/* Receive one message with the receive timeout as the bound; on timeout
 * report how far we got (and, for throughput receivers, the rate up to the
 * last received message) and fail. */
PERF_UNUSED static void perf_recv_or_die (void *s, zmq_msg_t *msg,
                                          size_t expect_size, long done,
                                          long total, const char *unit)
{
    if (zmq_msg_recv (msg, s, 0) < 0) {
        int err = errno;
        if (err == EAGAIN)
            printf ("error: no message for %d ms: received %ld of %ld %s\n",
                    perf_timeout_ms (), done, total, unit);
        else
            printf ("error in zmq_msg_recv: %s: received %ld of %ld %s\n",
                    zmq_strerror (err), done, total, unit);
        if (err == EAGAIN && perf_first_us > 0.0 && done > 1) {
            /* the last message arrived about one timeout ago */
            double el = perf_now_us () - perf_first_us
                        - (double) perf_timeout_ms () * 1000.0;
            if (el > 1.0)
                printf ("partial throughput: %d [msg/s]\n",
                        (int) ((double) done / el * 1000000.0));
        }
        perf_print_cpu ();
        exit (1);
    }
    if (zmq_msg_size (msg) != expect_size) {
        printf ("message of incorrect size received: %lu instead of %lu "
                "(after %ld of %ld %s)\n",
                (unsigned long) zmq_msg_size (msg),
                (unsigned long) expect_size, done, total, unit);
        fflush (stdout);
        exit (1);
    }
    if (zmq_msg_more (msg)) {
        printf ("error: unexpected multipart message (after %ld of %ld %s)\n",
                done, total, unit);
        fflush (stdout);
        exit (1);
    }
}

#endif
