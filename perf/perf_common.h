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
 *   PERF_CURVE=1        tcp/ipc: CURVE security with fixed test keys. The
 *                       binding side (local_thr, local_lat) is the CURVE
 *                       server, the connecting side (remote_thr, remote_lat)
 *                       the client. Every option is set before bind/connect
 *                       and read back; a refusal exits 1 (never a silent
 *                       plaintext run). Prints "security: CURVE server|client".
 *                       Over tcp the receivers also check the bytes on the
 *                       wire ("curve wire check:"). inproc_* refuse it.
 */
#ifndef FERROMQ_PERF_COMMON_H
#define FERROMQ_PERF_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <zmq.h>

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <linux/tcp.h> /* struct tcp_info with tcpi_bytes_received */
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

/* ------------------------------------------------------------------ CURVE */

/* Fixed test key pairs (Z85), the example pairs of zmq_curve(7); checked
 * with zmq_curve_public on libzmq 4.3.4. Test keys only: never reuse. */
#define PERF_CURVE_SERVER_PUBLIC "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
#define PERF_CURVE_SERVER_SECRET "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"
#define PERF_CURVE_CLIENT_PUBLIC "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID"
#define PERF_CURVE_CLIENT_SECRET "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs"

/* Whether PERF_CURVE=1 (0 or unset: plaintext; anything else: error). */
PERF_UNUSED static int perf_curve_enabled (void)
{
    long v = perf_env_long ("PERF_CURVE", 0);
    if (v != 0 && v != 1) {
        printf ("invalid value for PERF_CURVE: '%s' (0 or 1)\n",
                getenv ("PERF_CURVE"));
        exit (1);
    }
    return v == 1;
}

/* For the inproc programs: CURVE does not apply to inproc (libzmq ignores
 * the mechanism there), so PERF_CURVE=1 would silently measure plaintext. */
PERF_UNUSED static void perf_refuse_curve (const char *prog)
{
    if (perf_curve_enabled ()) {
        printf ("error: %s: PERF_CURVE=1 applies to tcp and ipc only\n", prog);
        exit (1);
    }
}

static void perf_curve_fail (const char *what, int err)
{
    printf ("error in %s: %s (PERF_CURVE=1 needs a library with CURVE "
            "security; refusing to run plaintext)\n",
            what, zmq_strerror (err));
    fflush (stdout);
    exit (1);
}

/* Set a Z85 key (40 characters + NUL) and read it back in Z85. */
static void perf_curve_key (void *s, int option, const char *z85,
                            const char *name)
{
    char got[41];
    size_t len = sizeof got;
    char what[64];

    snprintf (what, sizeof what, "zmq_setsockopt (%s)", name);
    if (zmq_setsockopt (s, option, z85, 41) != 0)
        perf_curve_fail (what, errno);
    snprintf (what, sizeof what, "zmq_getsockopt (%s)", name);
    memset (got, 0, sizeof got);
    if (zmq_getsockopt (s, option, got, &len) != 0)
        perf_curve_fail (what, errno);
    if (len != 41 || memcmp (got, z85, 40) != 0) {
        printf ("error: %s reads back as '%.40s' (%lu bytes), expected '%s'\n",
                name, got, (unsigned long) len, z85);
        fflush (stdout);
        exit (1);
    }
}

static void perf_curve_int (void *s, int option, int value, const char *name,
                            int set)
{
    int got = -1;
    size_t len = sizeof got;
    char what[64];

    if (set) {
        snprintf (what, sizeof what, "zmq_setsockopt (%s)", name);
        if (zmq_setsockopt (s, option, &value, sizeof value) != 0)
            perf_curve_fail (what, errno);
    }
    snprintf (what, sizeof what, "zmq_getsockopt (%s)", name);
    if (zmq_getsockopt (s, option, &got, &len) != 0)
        perf_curve_fail (what, errno);
    if (got != value) {
        printf ("error: %s reads back as %d, expected %d\n", name, got, value);
        fflush (stdout);
        exit (1);
    }
}

/* PERF_CURVE=1: make s a CURVE server (binding side, server != 0) or client
 * (connecting side). Call before zmq_bind / zmq_connect. Returns whether
 * CURVE is on. Any refused or not-read-back option ends the process. */
PERF_UNUSED static int perf_set_curve (void *s, int server,
                                       const char *endpoint)
{
    if (!perf_curve_enabled ())
        return 0;
    if (strncmp (endpoint, "tcp://", 6) != 0
        && strncmp (endpoint, "ipc://", 6) != 0) {
        printf ("error: PERF_CURVE=1 applies to tcp and ipc only, not %s\n",
                endpoint);
        exit (1);
    }
    if (server) {
        perf_curve_int (s, ZMQ_CURVE_SERVER, 1, "ZMQ_CURVE_SERVER", 1);
        perf_curve_key (s, ZMQ_CURVE_SECRETKEY, PERF_CURVE_SERVER_SECRET,
                        "ZMQ_CURVE_SECRETKEY");
    } else {
        perf_curve_key (s, ZMQ_CURVE_SERVERKEY, PERF_CURVE_SERVER_PUBLIC,
                        "ZMQ_CURVE_SERVERKEY");
        perf_curve_key (s, ZMQ_CURVE_PUBLICKEY, PERF_CURVE_CLIENT_PUBLIC,
                        "ZMQ_CURVE_PUBLICKEY");
        perf_curve_key (s, ZMQ_CURVE_SECRETKEY, PERF_CURVE_CLIENT_SECRET,
                        "ZMQ_CURVE_SECRETKEY");
        perf_curve_int (s, ZMQ_CURVE_SERVER, 0, "ZMQ_CURVE_SERVER", 0);
    }
    perf_curve_int (s, ZMQ_MECHANISM, ZMQ_CURVE, "ZMQ_MECHANISM", 0);
    printf ("security: CURVE %s (server key %s)\n",
            server ? "server" : "client", PERF_CURVE_SERVER_PUBLIC);
    fflush (stdout);
    return 1;
}

/* Plausibility check that the tcp connection really carries CURVE: after
 * `messages` messages of `size` bytes arrived, the bytes the library read
 * from the connection (kernel tcpi_bytes_received minus what still waits in
 * the receive queue) must be at least what CURVE's MESSAGE commands take,
 * size + 33 (+ 2 or 9 bytes of frame header), and so well above plaintext's
 * size + 2 (or 9). `delimiters` = empty frames in front of each message
 * (1 for the replies a REQ socket receives, 0 otherwise): 35 more bytes
 * each with CURVE, 2 in plaintext. Read-ahead and the handshake only add
 * bytes, so a CURVE connection cannot fail it; a plaintext one passes only
 * when the library has read far ahead of a small `messages`. Skipped (with
 * a note) for ipc or when the connection cannot be found. Ends the process
 * when the bytes look like plaintext. Returns the time it took [us], for
 * the caller to leave it out of its measurement. */
PERF_UNUSED static double perf_curve_wire_check (const char *endpoint,
                                                 long messages, size_t size,
                                                 int delimiters)
{
    double t0 = perf_now_us ();
    DIR *d;
    struct dirent *e;
    int fd = -1;
    int inq = 0;
    struct tcp_info ti;
    socklen_t len = sizeof ti;
    double per, plain, curve, limit;

    if (strncmp (endpoint, "tcp://", 6) != 0) {
        printf ("curve wire check: skipped (tcp only)\n");
        fflush (stdout);
        return perf_now_us () - t0;
    }
    d = opendir ("/proc/self/fd");
    if (d != NULL) {
        while ((e = readdir (d)) != NULL) {
            int f;
            if (e->d_name[0] < '0' || e->d_name[0] > '9')
                continue;
            f = atoi (e->d_name);
            if (f != dirfd (d) && perf_is_data_socket (f, 0)) {
                fd = f;
                break;
            }
        }
        closedir (d);
    }
    /* the receive queue first: arrivals in between then only add bytes */
    memset (&ti, 0, sizeof ti);
    if (fd < 0 || ioctl (fd, FIONREAD, &inq) != 0
        || getsockopt (fd, IPPROTO_TCP, TCP_INFO, &ti, &len) != 0
        || len < offsetof (struct tcp_info, tcpi_bytes_received)
                   + sizeof ti.tcpi_bytes_received) {
        printf ("curve wire check: skipped (%s)\n",
                fd < 0 ? "no tcp data connection found"
                       : "no tcpi_bytes_received from the kernel");
        fflush (stdout);
        return perf_now_us () - t0;
    }
    per = ((double) ti.tcpi_bytes_received - (double) inq) / (double) messages;
    plain = (double) size + (size <= 255 ? 2 : 9) + 2.0 * delimiters;
    curve = (double) size + 33 + (size + 33 <= 255 ? 2 : 9)
            + 35.0 * delimiters;
    limit = (plain + curve) / 2;
    printf ("curve wire check: %.1f bytes read per message after %ld "
            "messages (CURVE >= %.0f, plaintext %.0f)\n",
            per, messages, curve, plain);
    if (per < limit) {
        printf ("error: the tcp connection carries %.1f bytes per %lu-byte "
                "message: that is plaintext, not CURVE\n",
                per, (unsigned long) size);
        fflush (stdout);
        exit (1);
    }
    fflush (stdout);
    return perf_now_us () - t0;
}

#endif
