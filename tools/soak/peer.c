/*
 * tools/soak/peer.c: the processes of `make soak` (tools/soak/run.sh).
 *
 * Long-lived (measured; must run the whole soak and keep making progress):
 *   publisher <dir> <rate>   a producer thread PUSHes sequence-numbered
 *                            messages over inproc to the main thread, which
 *                            PUBlishes them on tcp://127.0.0.1:* and
 *                            ipc://<dir>/pub.ipc
 *   broker <dir>             ROUTER on tcp://127.0.0.1:* (clients) <->
 *                            DEALER on ipc://<dir>/backend.ipc (servers); each
 *                            reply forwarded is also PUSHed over inproc to an
 *                            auditor thread that counts them
 *   pipeline <dir> <rate>    ventilator PUSH on ipc://<dir>/vent.ipc; a sink
 *                            thread PULLs results on tcp://127.0.0.1:* and
 *                            reports its count over an inproc PAIR
 * Short-lived (killed with SIGKILL and restarted at random by run.sh):
 *   sub <endpoint>           SUB to everything: no duplicate, no reordering,
 *                            no corrupt message (gaps are allowed)
 *   worker <vent> <sink>     PULL tasks, check them, PUSH them on as results
 *   client <frontend>        lazy pirate REQ: on a 2.5 s timeout, close the
 *                            socket, open a new one and resend; 3 retries,
 *                            then the request is abandoned
 *   server <backend>         REP echo
 *
 * Output (flushed lines): "libzmq <path> version x.y.z", "pid N",
 * "endpoint <name> <endpoint>" (long-lived), "progress <ms> k=v ..." every
 * second, "bad ..." for a duplicate/reordered/corrupt/mismatched message,
 * "final k=v ..." at SIGTERM. Exit 0 after SIGTERM, 3 on a fatal error.
 */
#include "../chaos/common.h"

#include <pthread.h>

static void *g_ctx;
static int64_t g_next_progress;

static int progress_due(void)
{
    int64_t now = cc_mono_ms();
    if (now < g_next_progress)
        return 0;
    g_next_progress = now + 1000;
    return 1;
}

static void *sock(int type, int linger)
{
    void *s = zmq_socket(g_ctx, type);
    if (!s)
        cc_die("zmq_socket");
    cc_setopt_int(s, ZMQ_LINGER, linger, "ZMQ_LINGER");
    return s;
}

static void bind_print(void *s, const char *ep, const char *name)
{
    if (zmq_bind(s, ep) != 0)
        cc_die("zmq_bind");
    char real[256];
    size_t len = sizeof real;
    if (zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, real, &len) != 0)
        cc_die("ZMQ_LAST_ENDPOINT");
    cc_out("endpoint %s %s", name, real);
}

static void connect_or_die(void *s, const char *ep)
{
    if (zmq_connect(s, ep) != 0)
        cc_die("zmq_connect");
}

/* forwards every frame of one message from `from` to `to`; -1 if the first
 * frame could not be sent (flags), the rest is then dropped */
static int forward(void *from, void *to, int flags)
{
    zmq_msg_t parts[CC_MAX_PARTS];
    int n;
    if (cc_recv_parts(from, parts, &n, ZMQ_DONTWAIT) != 0)
        return -2;
    int rc = 0;
    for (int i = 0; i < n && i < CC_MAX_PARTS; i++) {
        int more = i + 1 < n ? ZMQ_SNDMORE : 0;
        if (zmq_msg_send(&parts[i], to, more | (i == 0 ? flags : 0)) < 0) {
            rc = -1;
            break;
        }
    }
    cc_close_parts(parts, n);
    return rc;
}

/* ---- publisher ----------------------------------------------------------------- */

static int g_rate = 300;

static void *producer(void *arg)
{
    (void)arg;
    void *push = sock(ZMQ_PUSH, 0);
    cc_setopt_int(push, ZMQ_SNDTIMEO, 100, "ZMQ_SNDTIMEO");
    connect_or_die(push, "inproc://gen");
    int64_t t0 = cc_mono_ms();
    uint64_t seq = 0;
    while (!cc_stop) {
        uint64_t target = (uint64_t)((cc_mono_ms() - t0) * g_rate / 1000);
        if (seq >= target) {
            cc_sleep_ms(2);
            continue;
        }
        if (cc_send_seq(push, seq, 0) == 0)
            seq++;
        else if (zmq_errno() != EAGAIN && zmq_errno() != EINTR)
            cc_die("producer send");
    }
    zmq_close(push);
    return NULL;
}

static int run_publisher(const char *dir)
{
    char ep[512];
    void *pull = sock(ZMQ_PULL, 0);
    if (zmq_bind(pull, "inproc://gen") != 0)
        cc_die("bind inproc://gen");
    void *pub = sock(ZMQ_PUB, 0);
    bind_print(pub, "tcp://127.0.0.1:*", "pub_tcp");
    snprintf(ep, sizeof ep, "ipc://%s/pub.ipc", dir);
    bind_print(pub, ep, "pub_ipc");
    pthread_t th;
    if (pthread_create(&th, NULL, producer, NULL) != 0)
        cc_die("pthread_create");
    uint64_t published = 0;
    while (!cc_stop) {
        zmq_pollitem_t it = {pull, 0, ZMQ_POLLIN, 0};
        int rc = zmq_poll(&it, 1, 100);
        if (rc < 0 && zmq_errno() != EINTR)
            cc_die("zmq_poll");
        for (int k = 0; rc > 0 && k < 1000; k++) {
            int f = forward(pull, pub, 0);
            if (f == -2)
                break;
            published++;
        }
        if (progress_due())
            cc_out("progress %lld published=%llu", (long long)cc_now_ms(),
                   (unsigned long long)published);
    }
    pthread_join(th, NULL);
    cc_out("final published=%llu", (unsigned long long)published);
    zmq_close(pull);
    zmq_close(pub);
    return 0;
}

/* ---- broker ---------------------------------------------------------------------- */

static volatile uint64_t g_audited;

static void *auditor(void *arg)
{
    (void)arg;
    void *pull = sock(ZMQ_PULL, 0);
    connect_or_die(pull, "inproc://audit");
    cc_setopt_int(pull, ZMQ_RCVTIMEO, 100, "ZMQ_RCVTIMEO");
    uint64_t last = 0;
    while (!cc_stop) {
        uint64_t v;
        int n = zmq_recv(pull, &v, sizeof v, 0);
        if (n == (int)sizeof v) {
            if (v != last + 1)
                cc_out("bad audit %llu after %llu", (unsigned long long)v, (unsigned long long)last);
            last = v;
            __atomic_store_n(&g_audited, last, __ATOMIC_RELAXED);
        }
    }
    zmq_close(pull);
    return NULL;
}

static int run_broker(const char *dir)
{
    char ep[512];
    void *front = sock(ZMQ_ROUTER, 0);
    bind_print(front, "tcp://127.0.0.1:*", "frontend");
    void *back = sock(ZMQ_DEALER, 0);
    snprintf(ep, sizeof ep, "ipc://%s/backend.ipc", dir);
    bind_print(back, ep, "backend");
    void *audit = sock(ZMQ_PUSH, 0);
    if (zmq_bind(audit, "inproc://audit") != 0)
        cc_die("bind inproc://audit");
    cc_setopt_int(audit, ZMQ_SNDHWM, 0, "ZMQ_SNDHWM");
    pthread_t th;
    if (pthread_create(&th, NULL, auditor, NULL) != 0)
        cc_die("pthread_create");
    uint64_t requests = 0, replies = 0, req_dropped = 0;
    while (!cc_stop) {
        zmq_pollitem_t it[2] = {{front, 0, ZMQ_POLLIN, 0}, {back, 0, ZMQ_POLLIN, 0}};
        int rc = zmq_poll(it, 2, 100);
        if (rc < 0 && zmq_errno() != EINTR)
            cc_die("zmq_poll");
        if (rc > 0 && (it[0].revents & ZMQ_POLLIN)) {
            for (int k = 0; k < 100; k++) {
                /* no server connected: the request is dropped, the client retries */
                int f = forward(front, back, ZMQ_DONTWAIT);
                if (f == -2)
                    break;
                if (f == 0)
                    requests++;
                else
                    req_dropped++;
            }
        }
        if (rc > 0 && (it[1].revents & ZMQ_POLLIN)) {
            for (int k = 0; k < 100; k++) {
                int f = forward(back, front, 0);
                if (f == -2)
                    break;
                replies++;
                zmq_send(audit, &replies, sizeof replies, 0);
            }
        }
        if (progress_due())
            cc_out("progress %lld replies=%llu requests=%llu req_dropped=%llu audited=%llu",
                   (long long)cc_now_ms(), (unsigned long long)replies,
                   (unsigned long long)requests, (unsigned long long)req_dropped,
                   (unsigned long long)__atomic_load_n(&g_audited, __ATOMIC_RELAXED));
    }
    pthread_join(th, NULL);
    cc_out("final replies=%llu requests=%llu req_dropped=%llu audited=%llu",
           (unsigned long long)replies, (unsigned long long)requests,
           (unsigned long long)req_dropped, (unsigned long long)g_audited);
    zmq_close(front);
    zmq_close(back);
    zmq_close(audit);
    return 0;
}

/* ---- pipeline ---------------------------------------------------------------------- */

static void *sink(void *arg)
{
    (void)arg;
    void *pair = sock(ZMQ_PAIR, 0);
    connect_or_die(pair, "inproc://sink-stats");
    void *pull = sock(ZMQ_PULL, 0);
    bind_print(pull, "tcp://127.0.0.1:*", "sink");
    zmq_send(pair, "up", 2, 0);
    uint64_t results = 0, corrupt = 0;
    int64_t next = cc_mono_ms() + 500;
    while (!cc_stop) {
        zmq_pollitem_t it = {pull, 0, ZMQ_POLLIN, 0};
        int rc = zmq_poll(&it, 1, 100);
        for (int k = 0; rc > 0 && k < 1000; k++) {
            zmq_msg_t parts[CC_MAX_PARTS];
            int n;
            if (cc_recv_parts(pull, parts, &n, ZMQ_DONTWAIT) != 0)
                break;
            uint64_t seq;
            const char *why = n == 2 ? cc_check(zmq_msg_data(&parts[0]), zmq_msg_size(&parts[0]),
                                                zmq_msg_data(&parts[1]), zmq_msg_size(&parts[1]), &seq)
                                     : "parts";
            if (why) {
                corrupt++;
                cc_out("bad result %s", why);
            }
            results++;
            cc_close_parts(parts, n);
        }
        if (cc_mono_ms() >= next) {
            next += 500;
            uint64_t v[2] = {results, corrupt};
            zmq_send(pair, v, sizeof v, ZMQ_DONTWAIT);
        }
    }
    zmq_close(pull);
    zmq_close(pair);
    return NULL;
}

static int run_pipeline(const char *dir, int rate)
{
    char ep[512];
    void *stats = sock(ZMQ_PAIR, 0);
    if (zmq_bind(stats, "inproc://sink-stats") != 0)
        cc_die("bind inproc://sink-stats");
    pthread_t th;
    if (pthread_create(&th, NULL, sink, NULL) != 0)
        cc_die("pthread_create");
    char up[8];
    if (zmq_recv(stats, up, sizeof up, 0) != 2)
        cc_die("sink start");
    void *vent = sock(ZMQ_PUSH, 0);
    snprintf(ep, sizeof ep, "ipc://%s/vent.ipc", dir);
    bind_print(vent, ep, "vent");
    uint64_t seq = 0, eagain = 0, results[2] = {0, 0};
    int64_t t0 = cc_mono_ms();
    while (!cc_stop) {
        uint64_t target = (uint64_t)((cc_mono_ms() - t0) * rate / 1000);
        if (target > seq + (uint64_t)rate)
            t0 = cc_mono_ms() - (int64_t)(seq * 1000 / (uint64_t)rate); /* no catching up */
        while (seq < target && !cc_stop) {
            if (cc_send_seq(vent, seq, ZMQ_DONTWAIT) != 0) {
                if (zmq_errno() == EAGAIN) { /* no worker right now */
                    eagain++;
                    break;
                }
                if (zmq_errno() != EINTR)
                    cc_die("vent send");
                continue;
            }
            seq++;
        }
        zmq_pollitem_t it = {stats, 0, ZMQ_POLLIN, 0};
        if (zmq_poll(&it, 1, 5) > 0) {
            uint64_t v[2];
            while (zmq_recv(stats, v, sizeof v, ZMQ_DONTWAIT) == (int)sizeof v) {
                results[0] = v[0];
                results[1] = v[1];
            }
        }
        if (progress_due())
            cc_out("progress %lld results=%llu tasks=%llu eagain=%llu corrupt=%llu",
                   (long long)cc_now_ms(), (unsigned long long)results[0],
                   (unsigned long long)seq, (unsigned long long)eagain,
                   (unsigned long long)results[1]);
    }
    pthread_join(th, NULL);
    cc_out("final results=%llu tasks=%llu eagain=%llu corrupt=%llu", (unsigned long long)results[0],
           (unsigned long long)seq, (unsigned long long)eagain, (unsigned long long)results[1]);
    zmq_close(vent);
    zmq_close(stats);
    return 0;
}

/* ---- short-lived ------------------------------------------------------------------- */

static int run_sub(const char *ep)
{
    void *s = sock(ZMQ_SUB, 0);
    if (zmq_setsockopt(s, ZMQ_SUBSCRIBE, "", 0) != 0)
        cc_die("ZMQ_SUBSCRIBE");
    connect_or_die(s, ep);
    struct cc_seqcheck c;
    cc_seq_init(&c, "sub", 1);
    while (!cc_stop) {
        zmq_pollitem_t it = {s, 0, ZMQ_POLLIN, 0};
        int rc = zmq_poll(&it, 1, 100);
        for (int k = 0; rc > 0 && k < 1000; k++) {
            zmq_msg_t parts[CC_MAX_PARTS];
            int n;
            if (cc_recv_parts(s, parts, &n, ZMQ_DONTWAIT) != 0)
                break;
            uint64_t seq;
            const char *why = n == 2 ? cc_check(zmq_msg_data(&parts[0]), zmq_msg_size(&parts[0]),
                                                zmq_msg_data(&parts[1]), zmq_msg_size(&parts[1]), &seq)
                                     : "parts";
            if (why) {
                c.corrupt++;
                cc_out("bad sub corrupt %s", why);
            } else {
                uint64_t d = c.dup, r = c.reorder;
                cc_seq_got(&c, seq);
                if (c.dup != d || c.reorder != r)
                    cc_out("bad sub order seq %llu", (unsigned long long)seq);
            }
            cc_close_parts(parts, n);
        }
        if (progress_due())
            cc_out("progress %lld recv=%llu lost=%llu dup=%llu reorder=%llu corrupt=%llu",
                   (long long)cc_now_ms(), (unsigned long long)c.recv, (unsigned long long)c.lost,
                   (unsigned long long)c.dup, (unsigned long long)c.reorder,
                   (unsigned long long)c.corrupt);
    }
    cc_seq_final(&c, "sub");
    zmq_close(s);
    return 0;
}

static int run_worker(const char *vent_ep, const char *sink_ep)
{
    void *in = sock(ZMQ_PULL, 0);
    cc_setopt_int(in, ZMQ_RCVHWM, 50, "ZMQ_RCVHWM");
    connect_or_die(in, vent_ep);
    void *out = sock(ZMQ_PUSH, 0);
    connect_or_die(out, sink_ep);
    uint64_t done = 0, corrupt = 0;
    while (!cc_stop) {
        zmq_pollitem_t it = {in, 0, ZMQ_POLLIN, 0};
        int rc = zmq_poll(&it, 1, 100);
        for (int k = 0; rc > 0 && k < 100; k++) {
            zmq_msg_t parts[CC_MAX_PARTS];
            int n;
            if (cc_recv_parts(in, parts, &n, ZMQ_DONTWAIT) != 0)
                break;
            uint64_t seq;
            const char *why = n == 2 ? cc_check(zmq_msg_data(&parts[0]), zmq_msg_size(&parts[0]),
                                                zmq_msg_data(&parts[1]), zmq_msg_size(&parts[1]), &seq)
                                     : "parts";
            if (why) {
                corrupt++;
                cc_out("bad task %s", why);
                cc_close_parts(parts, n);
                continue;
            }
            zmq_msg_send(&parts[0], out, ZMQ_SNDMORE);
            zmq_msg_send(&parts[1], out, 0);
            cc_close_parts(parts, n);
            done++;
        }
        if (progress_due())
            cc_out("progress %lld done=%llu corrupt=%llu", (long long)cc_now_ms(),
                   (unsigned long long)done, (unsigned long long)corrupt);
    }
    cc_out("final done=%llu corrupt=%llu", (unsigned long long)done, (unsigned long long)corrupt);
    zmq_close(in);
    zmq_close(out);
    return 0;
}

static int run_client(const char *ep)
{
    uint64_t seq = (uint64_t)getpid() << 20; /* distinct per incarnation */
    uint64_t answered = 0, retries = 0, abandoned = 0, mismatch = 0, reopened = 0;
    void *s = sock(ZMQ_REQ, 0);
    connect_or_die(s, ep);
    while (!cc_stop) {
        int tries = 0, done = 0;
        while (!cc_stop && !done && tries < 4) {
            if (cc_send_seq(s, seq, 0) != 0) {
                if (zmq_errno() == EINTR)
                    continue;
                cc_die("client send");
            }
            tries++;
            int64_t deadline = cc_mono_ms() + 2500;
            while (!cc_stop && cc_mono_ms() < deadline) {
                zmq_pollitem_t it = {s, 0, ZMQ_POLLIN, 0};
                if (zmq_poll(&it, 1, 100) <= 0)
                    continue;
                zmq_msg_t parts[CC_MAX_PARTS];
                int n;
                if (cc_recv_parts(s, parts, &n, ZMQ_DONTWAIT) != 0)
                    continue;
                uint64_t got = 0;
                const char *why = n == 2 ? cc_check(zmq_msg_data(&parts[0]), zmq_msg_size(&parts[0]),
                                                    zmq_msg_data(&parts[1]), zmq_msg_size(&parts[1]), &got)
                                         : "parts";
                cc_close_parts(parts, n);
                if (why || got != seq) {
                    mismatch++;
                    cc_out("bad reply %s got %llu want %llu", why ? why : "seq",
                           (unsigned long long)got, (unsigned long long)seq);
                }
                done = 1;
                break;
            }
            if (!done && !cc_stop) {
                /* lazy pirate: a REQ without its reply is stuck; start over */
                retries++;
                reopened++;
                zmq_close(s);
                s = sock(ZMQ_REQ, 0);
                connect_or_die(s, ep);
            }
        }
        if (done)
            answered++;
        else if (!cc_stop)
            abandoned++;
        seq++;
        if (progress_due())
            cc_out("progress %lld answered=%llu retries=%llu abandoned=%llu mismatch=%llu",
                   (long long)cc_now_ms(), (unsigned long long)answered,
                   (unsigned long long)retries, (unsigned long long)abandoned,
                   (unsigned long long)mismatch);
        cc_sleep_ms(5);
    }
    cc_out("final answered=%llu retries=%llu abandoned=%llu mismatch=%llu",
           (unsigned long long)answered, (unsigned long long)retries,
           (unsigned long long)abandoned, (unsigned long long)mismatch);
    zmq_close(s);
    return 0;
}

static int run_server(const char *ep)
{
    void *s = sock(ZMQ_REP, 0);
    connect_or_die(s, ep);
    uint64_t served = 0;
    while (!cc_stop) {
        zmq_pollitem_t it = {s, 0, ZMQ_POLLIN, 0};
        if (zmq_poll(&it, 1, 100) > 0) {
            zmq_msg_t parts[CC_MAX_PARTS];
            int n;
            if (cc_recv_parts(s, parts, &n, ZMQ_DONTWAIT) == 0) {
                for (int i = 0; i < n && i < CC_MAX_PARTS; i++)
                    zmq_msg_send(&parts[i], s, i + 1 < n ? ZMQ_SNDMORE : 0);
                cc_close_parts(parts, n);
                served++;
            }
        }
        if (progress_due())
            cc_out("progress %lld served=%llu", (long long)cc_now_ms(), (unsigned long long)served);
    }
    cc_out("final served=%llu", (unsigned long long)served);
    zmq_close(s);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: peer publisher|broker|pipeline <dir> [rate] | sub <ep> | "
                        "worker <vent> <sink> | client <frontend> | server <backend>\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    cc_install_signals();
    g_ctx = zmq_ctx_new();
    if (!g_ctx)
        cc_die("zmq_ctx_new");
    cc_print_lib();
    const char *role = argv[1];
    int rc;
    if (!strcmp(role, "publisher")) {
        if (argc > 3)
            g_rate = atoi(argv[3]);
        rc = run_publisher(argv[2]);
    } else if (!strcmp(role, "broker"))
        rc = run_broker(argv[2]);
    else if (!strcmp(role, "pipeline"))
        rc = run_pipeline(argv[2], argc > 3 ? atoi(argv[3]) : 200);
    else if (!strcmp(role, "sub"))
        rc = run_sub(argv[2]);
    else if (!strcmp(role, "worker") && argc > 3)
        rc = run_worker(argv[2], argv[3]);
    else if (!strcmp(role, "client"))
        rc = run_client(argv[2]);
    else if (!strcmp(role, "server"))
        rc = run_server(argv[2]);
    else {
        fprintf(stderr, "peer: unknown role %s\n", role);
        return 2;
    }
    if (zmq_ctx_term(g_ctx) != 0)
        cc_die("zmq_ctx_term");
    cc_out("exit");
    return rc;
}
