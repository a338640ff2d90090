/*
 * sub_thr: fan-out throughput receiver: <subscribers> SUB sockets in this
 * process, one thread, zmq_poll over all of them.
 *   sub_thr <control-endpoint> <message-size> <message-count> <subscribers>
 *
 * Runs against pub_thr (same arguments):
 *  1. binds a REP control socket on <control-endpoint> (prints "library:"
 *     once bound: the bench runner's "ready" signal);
 *  2. receives the PUB's endpoint from pub_thr (which binds its PUB on a
 *     wildcard port of the same transport), connects <subscribers> SUB
 *     sockets to it, subscribes them to everything;
 *  3. pub_thr sends 1-byte warm-up messages until we answer: once every SUB
 *     has received one (all connected and subscribed, no slow joiner), we
 *     reply "ready";
 *  4. pub_thr sends <message-count> messages of <message-size> (>= 8) bytes,
 *     the first 8 bytes a sequence number; every SUB must receive every
 *     one, in order. ZMQ_RCVHWM (here) and ZMQ_SNDHWM (pub_thr) are
 *     <message-count> + 100000, so a library that follows its HWM never has
 *     to drop; a gap in the sequence is counted and reported
 *     ("dropped: N", exit 1), as is silence for PERF_TIMEOUT_MS.
 * The poll loop drains each readable SUB with ZMQ_DONTWAIT before polling
 * again. Throughput = messages delivered to all SUBs together / time from
 * the first delivered message to the last.
 */
#include "perf_common.h"

#include <stdint.h>

struct sub_state {
    void *s;
    long next;     /* next expected sequence number */
    long got;      /* real messages received */
    int warm;      /* has seen a warm-up message */
};

int main (int argc, char *argv[])
{
    const char *ctl_ep;
    size_t size;
    long count, nsubs, i;
    void *ctx, *ctl;
    struct sub_state *subs;
    zmq_pollitem_t *items;
    int *idx;
    char pub_ep[512];
    int n, rc, timeout = perf_timeout_ms ();
    long warm = 0, finished = 0, dropped = 0;
    double start = 0.0, end, deadline, elapsed;
    zmq_msg_t msg;
    long total;

    if (argc != 5) {
        printf ("usage: sub_thr <control-endpoint> <message-size> "
                "<message-count> <subscribers>\n");
        return 1;
    }
    ctl_ep = argv[1];
    size = (size_t) perf_parse_long (argv[2], "message-size", 8);
    count = perf_parse_long (argv[3], "message-count", 1);
    nsubs = perf_parse_long (argv[4], "subscribers", 1);
    total = count * nsubs;

    ctx = zmq_ctx_new ();
    if (!ctx)
        PERF_FAIL_ZMQ ("zmq_ctx_new");
    if (zmq_ctx_set (ctx, ZMQ_MAX_SOCKETS, (int) nsubs + 16) != 0)
        PERF_FAIL_ZMQ ("zmq_ctx_set (ZMQ_MAX_SOCKETS)");
    ctl = zmq_socket (ctx, ZMQ_REP);
    if (!ctl)
        PERF_FAIL_ZMQ ("zmq_socket (REP)");
    perf_setsockopt_int (ctl, ZMQ_RCVTIMEO, timeout, "ZMQ_RCVTIMEO");
    perf_setsockopt_int (ctl, ZMQ_SNDTIMEO, timeout, "ZMQ_SNDTIMEO");
    perf_setsockopt_int (ctl, ZMQ_LINGER, 0, "ZMQ_LINGER");
    if (zmq_bind (ctl, ctl_ep) != 0)
        PERF_FAIL_ZMQ ("zmq_bind");
    perf_show_lib ();

    n = zmq_recv (ctl, pub_ep, sizeof pub_ep - 1, 0);
    if (n < 0) {
        printf ("error: no PUB endpoint from pub_thr: %s\n",
                zmq_strerror (errno));
        return 1;
    }
    if ((size_t) n >= sizeof pub_ep) {
        printf ("error: PUB endpoint too long\n");
        return 1;
    }
    pub_ep[n] = '\0';

    subs = calloc ((size_t) nsubs, sizeof *subs);
    items = calloc ((size_t) nsubs, sizeof *items);
    idx = calloc ((size_t) nsubs, sizeof *idx);
    if (!subs || !items || !idx) {
        printf ("error: out of memory\n");
        return 1;
    }
    for (i = 0; i < nsubs; i++) {
        void *s = zmq_socket (ctx, ZMQ_SUB);
        if (!s)
            PERF_FAIL_ZMQ ("zmq_socket (SUB)");
        perf_setsockopt_int (s, ZMQ_RCVHWM, (int) (count + 100000),
                             "ZMQ_RCVHWM");
        if (zmq_setsockopt (s, ZMQ_SUBSCRIBE, "", 0) != 0)
            PERF_FAIL_ZMQ ("zmq_setsockopt (ZMQ_SUBSCRIBE)");
        if (zmq_connect (s, pub_ep) != 0)
            PERF_FAIL_ZMQ ("zmq_connect");
        subs[i].s = s;
    }
    if (zmq_msg_init (&msg) != 0)
        PERF_FAIL_ZMQ ("zmq_msg_init");

    /* Phase 1: every SUB sees a warm-up message. */
    deadline = perf_now_us () + (double) timeout * 1000.0;
    while (warm < nsubs) {
        int k = 0;
        for (i = 0; i < nsubs; i++)
            if (!subs[i].warm) {
                items[k].socket = subs[i].s;
                items[k].fd = 0;
                items[k].events = ZMQ_POLLIN;
                items[k].revents = 0;
                idx[k++] = (int) i;
            }
        rc = zmq_poll (items, k, 100);
        if (rc < 0)
            PERF_FAIL_ZMQ ("zmq_poll");
        for (i = 0; i < k; i++) {
            struct sub_state *st = &subs[idx[i]];
            if (!(items[i].revents & ZMQ_POLLIN))
                continue;
            while (zmq_msg_recv (&msg, st->s, ZMQ_DONTWAIT) >= 0) {
                if (zmq_msg_size (&msg) != 1) {
                    printf ("error: SUB %d: a %lu-byte message before "
                            "the warm-up ended\n",
                            idx[i], (unsigned long) zmq_msg_size (&msg));
                    return 1;
                }
                if (!st->warm) {
                    st->warm = 1;
                    warm++;
                }
            }
        }
        if (warm < nsubs && perf_now_us () > deadline) {
            printf ("error: only %ld of %ld SUBs received the warm-up "
                    "within %d ms: received 0 of %ld messages\n",
                    warm, nsubs, timeout, total);
            return 1;
        }
    }
    if (zmq_send (ctl, "ready", 5, 0) != 5)
        PERF_FAIL_ZMQ ("zmq_send (ready)");

    /* Phase 2: the measured stream. */
    for (;;) {
        int k = 0;
        for (i = 0; i < nsubs; i++)
            if (subs[i].next < count) {
                items[k].socket = subs[i].s;
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
            long got = 0;
            for (i = 0; i < nsubs; i++)
                got += subs[i].got;
            printf ("error: no message for %d ms: received %ld of %ld "
                    "messages (%ld of %ld SUBs complete; dropped: %ld)\n",
                    timeout, got, total, finished, nsubs, dropped);
            if (start > 0.0 && got > 1) {
                double el = perf_now_us () - start - (double) timeout * 1000.0;
                if (el > 1.0)
                    printf ("partial throughput: %d [msg/s]\n",
                            (int) ((double) got / el * 1000000.0));
            }
            perf_print_cpu ();
            return 1;
        }
        for (i = 0; i < k; i++) {
            struct sub_state *st = &subs[idx[i]];
            if (!(items[i].revents & ZMQ_POLLIN))
                continue;
            while (st->next < count
                   && zmq_msg_recv (&msg, st->s, ZMQ_DONTWAIT) >= 0) {
                uint64_t seq;
                size_t sz = zmq_msg_size (&msg);
                if (sz == 1 && st->got == 0)
                    continue; /* a late warm-up message */
                if (sz != size) {
                    printf ("message of incorrect size received: %lu instead "
                            "of %lu (SUB %d)\n",
                            (unsigned long) sz, (unsigned long) size, idx[i]);
                    return 1;
                }
                if (start == 0.0)
                    start = perf_now_us ();
                memcpy (&seq, zmq_msg_data (&msg), sizeof seq);
                if (seq < (uint64_t) st->next || seq >= (uint64_t) count) {
                    printf ("error: SUB %d: sequence %llu after %ld "
                            "(duplicate, reordered or corrupt)\n",
                            idx[i], (unsigned long long) seq, st->next);
                    return 1;
                }
                dropped += (long) seq - st->next;
                st->next = (long) seq + 1;
                st->got++;
                if (st->next == count)
                    finished++;
            }
        }
    }
    end = perf_now_us ();
    elapsed = end - start;
    if (elapsed < 1.0)
        elapsed = 1.0;
    {
        long got = 0;
        for (i = 0; i < nsubs; i++)
            got += subs[i].got;
        printf ("message size: %d [B]\n", (int) size);
        printf ("message count: %ld per SUB\n", count);
        printf ("subscribers: %ld (one process, one thread, zmq_poll)\n",
                nsubs);
        printf ("mean throughput: %d [msg/s]\n",
                (int) ((double) got / elapsed * 1000000.0));
        printf ("dropped: %ld\n", dropped);
        printf ("messages received: %ld of %ld\n", got, total);
        fflush (stdout);
        if (dropped > 0 || got != total) {
            printf ("error: %ld messages dropped with ZMQ_SNDHWM/ZMQ_RCVHWM "
                    "above the message count\n",
                    dropped);
            return 1;
        }
    }
    zmq_msg_close (&msg);
    for (i = 0; i < nsubs; i++) {
        int zero = 0;
        zmq_setsockopt (subs[i].s, ZMQ_LINGER, &zero, sizeof zero);
        if (zmq_close (subs[i].s) != 0)
            PERF_FAIL_ZMQ ("zmq_close");
    }
    zmq_close (ctl);
    if (zmq_ctx_term (ctx) != 0)
        PERF_FAIL_ZMQ ("zmq_ctx_term");
    free (subs);
    free (items);
    free (idx);
    perf_print_cpu ();
    return 0;
}
