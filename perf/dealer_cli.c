/*
 * dealer_cli: <dealers> DEALER sockets in one process (one thread,
 * zmq_poll) against router_srv, each with one request outstanding.
 *   dealer_cli <connect-to> <message-size> <round-trips-per-dealer> <dealers>
 *
 * Every DEALER connects to <connect-to> and sends a warm-up request; once
 * all have their reply (every connection is up), the measured phase starts:
 * each DEALER sends a request, and sends its next one as soon as the reply
 * arrives, until it has done <round-trips-per-dealer> round trips. A request
 * is <message-size> (>= 16) bytes: the DEALER's index, its round number and
 * the send time; the reply must carry them back unchanged (a lost, foreign
 * or repeated reply fails the run). The poll loop drains each readable
 * DEALER with ZMQ_DONTWAIT before polling again.
 *
 * Prints "mean throughput: N [msg/s]" = round trips (requests answered) per
 * second over the measured phase, "p50 round trip" and "p99 round trip" [us]
 * (from the send of a request to the receipt of its reply, measured in this
 * process), "messages received: N of N" (replies) and "cpu time".
 */
#include "perf_common.h"

#include <stdint.h>

struct req_hdr {
    uint32_t dealer;
    uint32_t round;
    double sent_us;
};

static int cmp_double (const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y ? 1 : 0;
}

static void send_req (void *s, uint32_t dealer, uint32_t round, size_t size)
{
    zmq_msg_t m;
    struct req_hdr h;
    h.dealer = dealer;
    h.round = round;
    h.sent_us = perf_now_us ();
    if (zmq_msg_init_size (&m, size) != 0)
        PERF_FAIL_ZMQ ("zmq_msg_init_size");
    memset (zmq_msg_data (&m), 0, size);
    memcpy (zmq_msg_data (&m), &h, sizeof h);
    if (zmq_msg_send (&m, s, ZMQ_DONTWAIT) < 0)
        PERF_FAIL_ZMQ ("zmq_msg_send");
}

int main (int argc, char *argv[])
{
    const char *connect_to;
    size_t size;
    long rounds, dealers, total, i, done = 0, finished = 0;
    void *ctx;
    void **socks;
    long *round_of; /* next round expected back; -1 = warm-up outstanding */
    zmq_pollitem_t *items;
    int *idx;
    double *rtt;
    long nrtt = 0;
    int timeout = perf_timeout_ms ();
    double start, elapsed, deadline;
    long warm = 0;
    zmq_msg_t msg;

    if (argc != 5) {
        printf ("usage: dealer_cli <connect-to> <message-size> "
                "<round-trips-per-dealer> <dealers>\n");
        return 1;
    }
    connect_to = argv[1];
    size = (size_t) perf_parse_long (argv[2], "message-size", 16);
    rounds = perf_parse_long (argv[3], "round-trips-per-dealer", 1);
    dealers = perf_parse_long (argv[4], "dealers", 1);
    total = rounds * dealers;

    socks = calloc ((size_t) dealers, sizeof *socks);
    round_of = calloc ((size_t) dealers, sizeof *round_of);
    items = calloc ((size_t) dealers, sizeof *items);
    idx = calloc ((size_t) dealers, sizeof *idx);
    rtt = calloc ((size_t) total, sizeof *rtt);
    if (!socks || !round_of || !items || !idx || !rtt) {
        printf ("error: out of memory\n");
        return 1;
    }

    ctx = zmq_ctx_new ();
    if (!ctx)
        PERF_FAIL_ZMQ ("zmq_ctx_new");
    if (zmq_ctx_set (ctx, ZMQ_MAX_SOCKETS, (int) dealers + 16) != 0)
        PERF_FAIL_ZMQ ("zmq_ctx_set (ZMQ_MAX_SOCKETS)");
    for (i = 0; i < dealers; i++) {
        socks[i] = zmq_socket (ctx, ZMQ_DEALER);
        if (!socks[i])
            PERF_FAIL_ZMQ ("zmq_socket (DEALER)");
        perf_setsockopt_int (socks[i], ZMQ_LINGER, 0, "ZMQ_LINGER");
        if (zmq_connect (socks[i], connect_to) != 0)
            PERF_FAIL_ZMQ ("zmq_connect");
    }
    perf_show_lib ();
    if (zmq_msg_init (&msg) != 0)
        PERF_FAIL_ZMQ ("zmq_msg_init");

    /* warm-up: one round trip per DEALER (queued until it connects) */
    for (i = 0; i < dealers; i++) {
        round_of[i] = -1;
        send_req (socks[i], (uint32_t) i, UINT32_MAX, size);
    }
    deadline = perf_now_us () + (double) timeout * 1000.0;
    start = 0.0;
    for (;;) {
        int k = 0, rc;
        for (i = 0; i < dealers; i++)
            if (round_of[i] < rounds) {
                items[k].socket = socks[i];
                items[k].fd = 0;
                items[k].events = ZMQ_POLLIN;
                items[k].revents = 0;
                idx[k++] = (int) i;
            }
        if (k == 0)
            break;
        rc = zmq_poll (items, k, timeout);
        if (rc < 0)
            PERF_FAIL_ZMQ ("zmq_poll");
        if (rc == 0) {
            printf ("error: no reply for %d ms: received %ld of %ld "
                    "messages (warm-up: %ld of %ld dealers)\n",
                    timeout, done, total, warm, dealers);
            perf_print_cpu ();
            return 1;
        }
        for (i = 0; i < k; i++) {
            int d = idx[i];
            if (!(items[i].revents & ZMQ_POLLIN))
                continue;
            while (round_of[d] < rounds
                   && zmq_msg_recv (&msg, socks[d], ZMQ_DONTWAIT) >= 0) {
                struct req_hdr h;
                double now = perf_now_us ();
                uint32_t want =
                  round_of[d] < 0 ? UINT32_MAX : (uint32_t) round_of[d];
                if (zmq_msg_size (&msg) != size || zmq_msg_more (&msg)) {
                    printf ("message of incorrect size received: %lu "
                            "instead of %lu (dealer %d)\n",
                            (unsigned long) zmq_msg_size (&msg),
                            (unsigned long) size, d);
                    return 1;
                }
                memcpy (&h, zmq_msg_data (&msg), sizeof h);
                if (h.dealer != (uint32_t) d || h.round != want) {
                    printf ("error: dealer %d got the reply of dealer %u "
                            "round %u, expected round %u\n",
                            d, h.dealer, h.round, want);
                    return 1;
                }
                if (round_of[d] < 0) {
                    round_of[d] = 0;
                    if (++warm == dealers) {
                        /* everyone is connected: start the measured phase */
                        long j;
                        start = perf_now_us ();
                        for (j = 0; j < dealers; j++)
                            send_req (socks[j], (uint32_t) j, 0, size);
                    }
                    break; /* nothing more until warm-up ends */
                }
                rtt[nrtt++] = now - h.sent_us;
                done++;
                round_of[d]++;
                if (round_of[d] < rounds)
                    send_req (socks[d], (uint32_t) d,
                              (uint32_t) round_of[d], size);
                else
                    finished++;
            }
        }
        if (start == 0.0 && perf_now_us () > deadline) {
            printf ("error: only %ld of %ld dealers answered the warm-up "
                    "within %d ms: received 0 of %ld messages\n",
                    warm, dealers, timeout, total);
            return 1;
        }
    }
    elapsed = perf_now_us () - start;
    if (elapsed < 1.0)
        elapsed = 1.0;
    qsort (rtt, (size_t) nrtt, sizeof *rtt, cmp_double);
    printf ("message size: %d [B]\n", (int) size);
    printf ("dealers: %ld (one process, one thread, zmq_poll), %ld round "
            "trips each\n",
            dealers, rounds);
    printf ("mean throughput: %d [msg/s]\n",
            (int) ((double) done / elapsed * 1000000.0));
    printf ("p50 round trip: %.1f [us]\n", rtt[(nrtt - 1) / 2]);
    printf ("p99 round trip: %.1f [us]\n", rtt[(long) ((double) (nrtt - 1) * 0.99)]);
    printf ("messages received: %ld of %ld\n", done, total);
    fflush (stdout);
    zmq_msg_close (&msg);
    for (i = 0; i < dealers; i++)
        if (zmq_close (socks[i]) != 0)
            PERF_FAIL_ZMQ ("zmq_close");
    if (zmq_ctx_term (ctx) != 0)
        PERF_FAIL_ZMQ ("zmq_ctx_term");
    free (socks);
    free (round_of);
    free (items);
    free (idx);
    free (rtt);
    perf_print_cpu ();
    return 0;
}
