/*
 * idle_router: memory of a ROUTER holding many idle connections, the peer
 * of idle_conns.
 *   idle_router <bind-to> <connections>
 *
 * Binds a ROUTER (ZMQ_BACKLOG 4096) and reads VmRSS from /proc/self/status
 * ("rss before"). idle_conns then opens <connections> tcp connections, each
 * completing the ZMTP 3.0 NULL handshake as a DEALER and sending one 1-byte
 * message. Once the ROUTER has received <connections> messages from as many
 * distinct routing ids (every connection is attached, with its pipe and its
 * routing id), it waits 500 ms for the library to settle and reads VmRSS
 * again ("rss after"). Prints both and
 * "rss per connection: (after - before) / connections [KiB]". Needs a file
 * descriptor limit above <connections> (bench.sh raises `ulimit -n`).
 * Fails after PERF_TIMEOUT_MS without a message, on a repeated routing id
 * or a message of the wrong shape.
 */
#include "perf_common.h"

static long vmrss_kib (void)
{
    FILE *f = fopen ("/proc/self/status", "r");
    char line[256];
    long v = -1;
    if (f == NULL)
        return -1;
    while (fgets (line, sizeof line, f) != NULL)
        if (strncmp (line, "VmRSS:", 6) == 0) {
            v = strtol (line + 6, NULL, 10);
            break;
        }
    fclose (f);
    return v;
}

static int cmp_id (const void *a, const void *b)
{
    return memcmp (a, b, 256);
}

int main (int argc, char *argv[])
{
    const char *bind_to;
    long conns, i;
    void *ctx, *s;
    long before, after;
    zmq_msg_t id, body;
    unsigned char *ids;
    struct timespec settle = {0, 500 * 1000000L};

    if (argc != 3) {
        printf ("usage: idle_router <bind-to> <connections>\n");
        return 1;
    }
    bind_to = argv[1];
    conns = perf_parse_long (argv[2], "connections", 1);
    ids = calloc ((size_t) conns, 256);
    if (ids == NULL) {
        printf ("error: out of memory\n");
        return 1;
    }

    ctx = zmq_ctx_new ();
    if (!ctx)
        PERF_FAIL_ZMQ ("zmq_ctx_new");
    s = zmq_socket (ctx, ZMQ_ROUTER);
    if (!s)
        PERF_FAIL_ZMQ ("zmq_socket (ROUTER)");
    perf_setsockopt_int (s, ZMQ_RCVTIMEO, perf_timeout_ms (), "ZMQ_RCVTIMEO");
    perf_setsockopt_int (s, ZMQ_BACKLOG, 4096, "ZMQ_BACKLOG");
    perf_setsockopt_int (s, ZMQ_LINGER, 0, "ZMQ_LINGER");
    if (zmq_bind (s, bind_to) != 0)
        PERF_FAIL_ZMQ ("zmq_bind");
    if (zmq_msg_init (&id) != 0 || zmq_msg_init (&body) != 0)
        PERF_FAIL_ZMQ ("zmq_msg_init");
    /* the ids table is touched now so that it is in "before" */
    memset (ids, 0, (size_t) conns * 256);
    before = vmrss_kib ();
    perf_show_lib ();

    for (i = 0; i < conns; i++) {
        size_t n;
        if (zmq_msg_recv (&id, s, 0) < 0) {
            if (errno == EAGAIN)
                printf ("error: no message for %d ms: received %ld of %ld "
                        "messages (connections)\n",
                        perf_timeout_ms (), i, conns);
            else
                printf ("error in zmq_msg_recv: %s: received %ld of %ld "
                        "messages\n",
                        zmq_strerror (errno), i, conns);
            perf_print_cpu ();
            return 1;
        }
        n = zmq_msg_size (&id);
        if (!zmq_msg_more (&id) || n == 0 || n > 255) {
            printf ("error: a message without a routing id frame\n");
            return 1;
        }
        ids[(size_t) i * 256] = (unsigned char) n;
        memcpy (ids + (size_t) i * 256 + 1, zmq_msg_data (&id), n);
        if (zmq_msg_recv (&body, s, 0) < 0)
            PERF_FAIL_ZMQ ("zmq_msg_recv (body)");
        if (zmq_msg_more (&body) || zmq_msg_size (&body) != 1) {
            printf ("message of incorrect size received: %lu instead of 1\n",
                    (unsigned long) zmq_msg_size (&body));
            return 1;
        }
    }
    nanosleep (&settle, NULL);
    after = vmrss_kib ();

    qsort (ids, (size_t) conns, 256, cmp_id);
    for (i = 1; i < conns; i++)
        if (memcmp (ids + (size_t) (i - 1) * 256, ids + (size_t) i * 256, 256)
            == 0) {
            printf ("error: two messages from the same routing id\n");
            return 1;
        }
    printf ("connections: %ld (distinct routing ids)\n", conns);
    printf ("rss before: %ld [KiB]\n", before);
    printf ("rss after: %ld [KiB]\n", after);
    printf ("rss per connection: %.3f [KiB]\n",
            (double) (after - before) / (double) conns);
    printf ("messages received: %ld of %ld\n", conns, conns);
    fflush (stdout);

    zmq_msg_close (&id);
    zmq_msg_close (&body);
    if (zmq_close (s) != 0)
        PERF_FAIL_ZMQ ("zmq_close");
    if (zmq_ctx_term (ctx) != 0)
        PERF_FAIL_ZMQ ("zmq_ctx_term");
    free (ids);
    perf_print_cpu ();
    return 0;
}
