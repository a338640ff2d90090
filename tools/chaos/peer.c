/*
 * tools/chaos/peer.c: one side of a pattern for `make chaos` (tools/chaos/run.sh).
 *
 *   peer <role> <endpoint> [rate]
 *
 *   role      push | pull | pub | sub | req | rep | dealer | router
 *             push, sub, req, dealer connect; pull, pub, rep, router bind
 *   endpoint  tcp://ADDR:PORT
 *   rate      messages (requests) per second for push, pub, dealer, req [200]
 *
 * Runs until SIGUSR1 or SIGTERM, then prints its totals ("final ...") and
 * exits 0. Senders stop sending at the signal; push then closes with a
 * 15 s linger so what it queued still goes out; dealer waits up to
 * CHAOS_DRAIN_MS (default 8000) for the echoes of what it sent.
 *
 * Every message carries a sequence number and a payload derived from it
 * (common.h). Receivers check every one: a jump forward is a gap (messages
 * lost), the same number again is a duplicate, an older one is out of order,
 * a wrong byte or size is corrupt.
 *
 *   push -> pull     PUSH sends (DONTWAIT; EAGAIN at the high-water mark is
 *                    back-pressure, the number is not used), PULL checks
 *   pub -> sub       PUB publishes, SUB (subscribed to everything) checks;
 *                    the first number it sees is its baseline
 *   req -> rep       lazy-pirate client: REQ with ZMQ_REQ_RELAXED and
 *                    ZMQ_REQ_CORRELATE resends the same request after
 *                    CHAOS_REQ_TIMEOUT_MS (2000) without a reply; it accepts
 *                    only the reply to its current request (anything else is a
 *                    mismatch). At the stop signal it still waits up to
 *                    CHAOS_DRAIN_MS for the reply to the request in flight.
 *                    REP echoes and counts repeats (retries are allowed to
 *                    reach it twice)
 *   dealer -> router DEALER sends, ROUTER checks and echoes each message to
 *                    its sender (ZMQ_ROUTER_MANDATORY: at the high-water mark
 *                    it waits rather than drops; EHOSTUNREACH, the dealer's
 *                    connection is gone, counts as echo_fail); DEALER checks
 *                    the echoes
 *
 * Output, one item a line, flushed:
 *   libzmq <path mapped in /proc/self/maps> version x.y.z;  pid N
 *   ev <ms> <tag> <EVENT> <value>          a monitor event of the data socket
 *   rss <ms> <kB> <fds>                     every second
 *   gap|dup|reorder|corrupt|stall ...       see common.h
 *   final ...                               the totals
 * Times are wall-clock ms (CLOCK_REALTIME), as `date +%s%3N`.
 */
#include "common.h"

static const char *g_role;
static void *g_ctx;
static int64_t g_next_rss;
static long g_max_rss;

static void sample(void)
{
    int64_t now = cc_mono_ms();
    if (now < g_next_rss)
        return;
    g_next_rss = now + 1000;
    long rss = cc_rss_kb();
    if (rss > g_max_rss)
        g_max_rss = rss;
    cc_out("rss %lld %ld %d", (long long)cc_now_ms(), rss, cc_fd_count());
}

static void *data_socket(int type, const char *ep, int bind)
{
    void *s = zmq_socket(g_ctx, type);
    if (!s)
        cc_die("zmq_socket");
    cc_setopt_int(s, ZMQ_LINGER, 0, "ZMQ_LINGER");
    if (bind) {
        if (zmq_bind(s, ep) != 0)
            cc_die("zmq_bind");
    } else {
        if (zmq_connect(s, ep) != 0)
            cc_die("zmq_connect");
    }
    return s;
}

/* waits up to ms for input on s, logging monitor events and sampling RSS */
static int wait_in(void *s, void *mon, int ms)
{
    zmq_pollitem_t it[2] = {{s, 0, ZMQ_POLLIN, 0}, {mon, 0, ZMQ_POLLIN, 0}};
    int rc = zmq_poll(it, 2, ms);
    if (rc < 0 && zmq_errno() != EINTR)
        cc_die("zmq_poll");
    if (rc > 0 && (it[1].revents & ZMQ_POLLIN))
        cc_drain_monitor(mon, g_role);
    sample();
    return rc > 0 && (it[0].revents & ZMQ_POLLIN);
}

/* pacing: the number of messages due now at `rate` per second, without
 * catching up more than 200 ms after a stall */
struct pacer {
    int64_t t0;
    uint64_t done;
    int rate;
};

static uint64_t pacer_due(struct pacer *p)
{
    int64_t now = cc_mono_ms();
    uint64_t target = (uint64_t)((now - p->t0) * p->rate / 1000);
    if (target > p->done + (uint64_t)p->rate / 5) {
        p->done = target - (uint64_t)p->rate / 5;
    }
    return target > p->done ? target - p->done : 0;
}

/* checks a 2-frame (header, payload) message starting at parts[first] */
static void check_msg(struct cc_seqcheck *c, zmq_msg_t *parts, int n, int first, uint64_t *seq_out)
{
    uint64_t seq = 0;
    if (n - first != 2) {
        c->parts_err++;
        cc_out("corrupt %s %lld parts=%d", c->name, (long long)cc_now_ms(), n);
        return;
    }
    const char *why = cc_check(zmq_msg_data(&parts[first]), zmq_msg_size(&parts[first]),
                               zmq_msg_data(&parts[first + 1]), zmq_msg_size(&parts[first + 1]),
                               &seq);
    if (why) {
        c->corrupt++;
        cc_out("corrupt %s %lld %s", c->name, (long long)cc_now_ms(), why);
        return;
    }
    cc_seq_got(c, seq);
    if (seq_out)
        *seq_out = seq;
}

/* ---- roles ------------------------------------------------------------------ */

static int run_sender(int type, const char *ep, int bind, int rate)
{
    void *s = data_socket(type, ep, bind);
    void *mon = cc_monitor(g_ctx, s, g_role);
    struct pacer p = {cc_mono_ms(), 0, rate};
    uint64_t seq = 0, eagain = 0;
    while (!cc_stop) {
        uint64_t due = pacer_due(&p);
        while (due > 0 && !cc_stop) {
            if (cc_send_seq(s, seq, ZMQ_DONTWAIT) != 0) {
                if (zmq_errno() == EAGAIN) {
                    eagain++;
                    break;
                }
                if (zmq_errno() == EINTR)
                    continue;
                cc_die("send");
            }
            seq++;
            p.done++;
            due--;
        }
        wait_in(mon, mon, 5);
    }
    cc_out("final %s sent=%llu eagain=%llu max_rss=%ld", g_role, (unsigned long long)seq,
           (unsigned long long)eagain, g_max_rss);
    /* let what is queued go out */
    cc_setopt_int(s, ZMQ_LINGER, 15000, "ZMQ_LINGER");
    zmq_close(mon);
    zmq_close(s);
    return 0;
}

static int run_receiver(int type, const char *ep, int bind)
{
    void *s = data_socket(type, ep, bind);
    if (type == ZMQ_SUB && zmq_setsockopt(s, ZMQ_SUBSCRIBE, "", 0) != 0)
        cc_die("ZMQ_SUBSCRIBE");
    void *mon = cc_monitor(g_ctx, s, g_role);
    struct cc_seqcheck c;
    cc_seq_init(&c, g_role, type == ZMQ_SUB);
    while (!cc_stop) {
        if (!wait_in(s, mon, 50))
            continue;
        for (int k = 0; k < 1000; k++) {
            zmq_msg_t parts[CC_MAX_PARTS];
            int n;
            if (cc_recv_parts(s, parts, &n, ZMQ_DONTWAIT) != 0) {
                if (zmq_errno() == EAGAIN || zmq_errno() == EINTR)
                    break;
                cc_die("recv");
            }
            check_msg(&c, parts, n, 0, NULL);
            cc_close_parts(parts, n);
        }
    }
    cc_seq_final(&c, g_role);
    cc_out("final_rss %s max_rss=%ld", g_role, g_max_rss);
    zmq_close(mon);
    zmq_close(s);
    return 0;
}

static int run_req(const char *ep, int rate)
{
    int timeout_ms = getenv("CHAOS_REQ_TIMEOUT_MS") ? atoi(getenv("CHAOS_REQ_TIMEOUT_MS")) : 2000;
    void *s = data_socket(ZMQ_REQ, ep, 0);
    cc_setopt_int(s, ZMQ_REQ_RELAXED, 1, "ZMQ_REQ_RELAXED");
    cc_setopt_int(s, ZMQ_REQ_CORRELATE, 1, "ZMQ_REQ_CORRELATE");
    void *mon = cc_monitor(g_ctx, s, g_role);
    struct cc_seqcheck c; /* the replies */
    cc_seq_init(&c, "req", 0);
    uint64_t seq = 0, sent = 0, retries = 0, answered = 0, mismatch = 0, max_attempts = 0;
    int outstanding = 0;
    int interval = rate > 0 ? 1000 / rate : 0;
    int drain_ms = getenv("CHAOS_DRAIN_MS") ? atoi(getenv("CHAOS_DRAIN_MS")) : 8000;
    int64_t give_up = 0; /* set at the stop signal: the current request gets drain_ms more */
#define REQ_GIVE_UP() (cc_stop && (give_up ? cc_mono_ms() > give_up : (give_up = cc_mono_ms() + drain_ms, 0)))
    while (!cc_stop) {
        /* one request, retried until answered */
        uint64_t attempts = 0;
        int done = 0;
        while (!done && !REQ_GIVE_UP()) {
            if (cc_send_seq(s, seq, 0) != 0) {
                if (zmq_errno() == EINTR)
                    continue;
                cc_die("req send");
            }
            attempts++;
            sent++;
            if (attempts > 1) {
                retries++;
                cc_out("retry req %lld %llu attempt %llu", (long long)cc_now_ms(),
                       (unsigned long long)seq, (unsigned long long)attempts);
            }
            int64_t deadline = cc_mono_ms() + timeout_ms;
            while (!REQ_GIVE_UP()) {
                int64_t left = deadline - cc_mono_ms();
                if (left <= 0)
                    break;
                if (!wait_in(s, mon, left > 50 ? 50 : (int)left))
                    continue;
                zmq_msg_t parts[CC_MAX_PARTS];
                int n;
                if (cc_recv_parts(s, parts, &n, ZMQ_DONTWAIT) != 0) {
                    if (zmq_errno() == EAGAIN || zmq_errno() == EINTR)
                        continue;
                    cc_die("req recv");
                }
                uint64_t got = UINT64_MAX;
                uint64_t before = c.recv;
                check_msg(&c, parts, n, 0, &got);
                cc_close_parts(parts, n);
                if (c.recv != before && got != seq) {
                    mismatch++;
                    cc_out("mismatch req %lld got %llu want %llu", (long long)cc_now_ms(),
                           (unsigned long long)got, (unsigned long long)seq);
                }
                if (got == seq) {
                    done = 1;
                    answered++;
                    break;
                }
            }
        }
        if (attempts > max_attempts)
            max_attempts = attempts;
        if (!done) {
            outstanding = attempts > 0;
            break;
        }
        seq++;
        if (interval > 0)
            wait_in(mon, mon, interval);
    }
    cc_out("final req sent=%llu answered=%llu retries=%llu max_attempts=%llu mismatch=%llu "
           "outstanding=%d",
           (unsigned long long)sent, (unsigned long long)answered, (unsigned long long)retries,
           (unsigned long long)max_attempts, (unsigned long long)mismatch, outstanding);
    cc_seq_final(&c, "req_replies");
    cc_out("final_rss req max_rss=%ld", g_max_rss);
    zmq_close(mon);
    zmq_close(s);
    return 0;
}

static int run_rep(const char *ep)
{
    void *s = data_socket(ZMQ_REP, ep, 1);
    void *mon = cc_monitor(g_ctx, s, g_role);
    uint64_t recv = 0, unique = 0, repeats = 0, older = 0, corrupt = 0;
    int64_t last = -1;
    while (!cc_stop) {
        if (!wait_in(s, mon, 50))
            continue;
        zmq_msg_t parts[CC_MAX_PARTS];
        int n;
        if (cc_recv_parts(s, parts, &n, ZMQ_DONTWAIT) != 0) {
            if (zmq_errno() == EAGAIN || zmq_errno() == EINTR)
                continue;
            cc_die("rep recv");
        }
        uint64_t seq = 0;
        const char *why = n == 2 ? cc_check(zmq_msg_data(&parts[0]), zmq_msg_size(&parts[0]),
                                            zmq_msg_data(&parts[1]), zmq_msg_size(&parts[1]), &seq)
                                 : "parts";
        recv++;
        if (why) {
            corrupt++;
            cc_out("corrupt rep %lld %s", (long long)cc_now_ms(), why);
        } else if ((int64_t)seq > last) {
            if (last >= 0 && (int64_t)seq != last + 1)
                cc_out("gap rep %lld %lld %lld", (long long)cc_now_ms(), (long long)(last + 1),
                       (long long)((int64_t)seq - last - 1));
            unique++;
            last = (int64_t)seq;
        } else if ((int64_t)seq == last) {
            repeats++; /* a retry reached us too: allowed */
        } else {
            older++;
            cc_out("reorder rep %lld %llu last %lld", (long long)cc_now_ms(),
                   (unsigned long long)seq, (long long)last);
        }
        /* echo the request back */
        if (n == 2) {
            zmq_msg_send(&parts[0], s, ZMQ_SNDMORE);
            zmq_msg_send(&parts[1], s, 0);
            zmq_msg_close(&parts[0]);
            zmq_msg_close(&parts[1]);
        } else {
            cc_close_parts(parts, n);
            zmq_send(s, "", 0, 0);
        }
    }
    cc_out("final rep recv=%llu unique=%llu repeats=%llu older=%llu corrupt=%llu max_rss=%ld",
           (unsigned long long)recv, (unsigned long long)unique, (unsigned long long)repeats,
           (unsigned long long)older, (unsigned long long)corrupt, g_max_rss);
    zmq_close(mon);
    zmq_close(s);
    return 0;
}

static int run_dealer(const char *ep, int rate)
{
    int drain_ms = getenv("CHAOS_DRAIN_MS") ? atoi(getenv("CHAOS_DRAIN_MS")) : 8000;
    void *s = data_socket(ZMQ_DEALER, ep, 0);
    void *mon = cc_monitor(g_ctx, s, g_role);
    struct cc_seqcheck c; /* the echoes */
    cc_seq_init(&c, "dealer", 0);
    struct pacer p = {cc_mono_ms(), 0, rate};
    uint64_t seq = 0, eagain = 0;
    int64_t drain_until = 0;
    for (;;) {
        if (cc_stop && !drain_until)
            drain_until = cc_mono_ms() + drain_ms;
        if (drain_until && (c.expect >= seq || cc_mono_ms() > drain_until))
            break;
        uint64_t due = drain_until ? 0 : pacer_due(&p);
        while (due > 0) {
            if (cc_send_seq(s, seq, ZMQ_DONTWAIT) != 0) {
                if (zmq_errno() == EAGAIN) {
                    eagain++;
                    break;
                }
                if (zmq_errno() == EINTR)
                    continue;
                cc_die("dealer send");
            }
            seq++;
            p.done++;
            due--;
        }
        if (!wait_in(s, mon, 5))
            continue;
        for (int k = 0; k < 1000; k++) {
            zmq_msg_t parts[CC_MAX_PARTS];
            int n;
            if (cc_recv_parts(s, parts, &n, ZMQ_DONTWAIT) != 0) {
                if (zmq_errno() == EAGAIN || zmq_errno() == EINTR)
                    break;
                cc_die("dealer recv");
            }
            check_msg(&c, parts, n, 0, NULL);
            cc_close_parts(parts, n);
        }
    }
    cc_out("final dealer sent=%llu eagain=%llu max_rss=%ld", (unsigned long long)seq,
           (unsigned long long)eagain, g_max_rss);
    cc_seq_final(&c, "dealer_echoes");
    zmq_close(mon);
    zmq_close(s);
    return 0;
}

static int run_router(const char *ep)
{
    void *s = data_socket(ZMQ_ROUTER, ep, 1);
    void *mon = cc_monitor(g_ctx, s, g_role);
    struct cc_seqcheck c;
    cc_seq_init(&c, "router", 0);
    uint64_t echoed = 0, echo_fail = 0, echo_blocked = 0;
    cc_setopt_int(s, ZMQ_ROUTER_MANDATORY, 1, "ZMQ_ROUTER_MANDATORY");
    while (!cc_stop) {
        if (!wait_in(s, mon, 50))
            continue;
        for (int k = 0; k < 1000; k++) {
            zmq_msg_t parts[CC_MAX_PARTS];
            int n;
            if (cc_recv_parts(s, parts, &n, ZMQ_DONTWAIT) != 0) {
                if (zmq_errno() == EAGAIN || zmq_errno() == EINTR)
                    break;
                cc_die("router recv");
            }
            uint64_t before = c.corrupt + c.parts_err;
            check_msg(&c, parts, n, 1, NULL);
            if (n == 3 && c.corrupt + c.parts_err == before) {
                /* echo to the sender; with ROUTER_MANDATORY a full pipe is
                 * EAGAIN (wait and retry: the echo stream loses nothing while
                 * the connection lives), a peer that is gone EHOSTUNREACH */
                int rc;
                while ((rc = zmq_msg_send(&parts[0], s, ZMQ_SNDMORE | ZMQ_DONTWAIT)) < 0 &&
                       (zmq_errno() == EAGAIN || zmq_errno() == EINTR) && !cc_stop) {
                    echo_blocked++;
                    zmq_pollitem_t it = {s, 0, ZMQ_POLLOUT, 0};
                    zmq_poll(&it, 1, 20);
                    sample();
                }
                if (rc >= 0 && zmq_msg_send(&parts[1], s, ZMQ_SNDMORE) >= 0 &&
                    zmq_msg_send(&parts[2], s, 0) >= 0)
                    echoed++;
                else
                    echo_fail++;
            }
            cc_close_parts(parts, n);
        }
    }
    cc_seq_final(&c, "router");
    cc_out("final router_echo echoed=%llu echo_fail=%llu echo_blocked=%llu max_rss=%ld",
           (unsigned long long)echoed, (unsigned long long)echo_fail,
           (unsigned long long)echo_blocked, g_max_rss);
    zmq_close(mon);
    zmq_close(s);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: peer <push|pull|pub|sub|req|rep|dealer|router> <endpoint> [rate]\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    cc_install_signals();
    g_role = argv[1];
    const char *ep = argv[2];
    int rate = argc > 3 ? atoi(argv[3]) : 200;
    g_ctx = zmq_ctx_new();
    if (!g_ctx)
        cc_die("zmq_ctx_new");
    cc_print_lib();
    sample();
    int rc;
    if (!strcmp(g_role, "push"))
        rc = run_sender(ZMQ_PUSH, ep, 0, rate);
    else if (!strcmp(g_role, "pub"))
        rc = run_sender(ZMQ_PUB, ep, 1, rate);
    else if (!strcmp(g_role, "pull"))
        rc = run_receiver(ZMQ_PULL, ep, 1);
    else if (!strcmp(g_role, "sub"))
        rc = run_receiver(ZMQ_SUB, ep, 0);
    else if (!strcmp(g_role, "req"))
        rc = run_req(ep, rate);
    else if (!strcmp(g_role, "rep"))
        rc = run_rep(ep);
    else if (!strcmp(g_role, "dealer"))
        rc = run_dealer(ep, rate);
    else if (!strcmp(g_role, "router"))
        rc = run_router(ep);
    else {
        fprintf(stderr, "peer: unknown role %s\n", g_role);
        return 2;
    }
    int64_t t0 = cc_mono_ms();
    if (zmq_ctx_term(g_ctx) != 0)
        cc_die("zmq_ctx_term");
    cc_out("exit %s term_ms=%lld", g_role, (long long)(cc_mono_ms() - t0));
    return rc;
}
