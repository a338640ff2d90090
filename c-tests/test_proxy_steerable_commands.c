/* zmq_proxy_steerable with a REP control socket, as libzmq 4.3.5 answers
 * it: every command gets a reply, so a REQ controller never hangs:
 *   - PAUSE, RESUME, TERMINATE (and an unknown command) -> one empty frame;
 *   - STATISTICS -> 8 frames of uint64_t: frontend received messages and
 *     bytes, frontend sent, backend received, backend sent, where 4.3.5
 *     counts every frame (a two-frame message counts 2);
 *   - PAUSE stops forwarding until RESUME; TERMINATE makes the proxy
 *     return 0 after its reply.
 * libzmq 4.3.4 replied to STATISTICS only (and counted whole messages):
 * on it the test prints what happened and stops after the first command
 * (the rule for 4.3.4/4.3.5 differences: 4.3.5 is asserted, on ours). */
#include "testutil.h"

#include <pthread.h>

struct proxy_args {
    void *front, *back, *control;
    int rc, err;
};

static void *proxy_main(void *p)
{
    struct proxy_args *a = p;
    a->rc = zmq_proxy_steerable(a->front, a->back, NULL, a->control);
    a->err = zmq_errno();
    zmq_close(a->front);
    zmq_close(a->back);
    zmq_close(a->control);
    return NULL;
}

/* Sends cmd on the REQ and reads the reply: the number of frames (0 if
 * none came within ms), the frames' contents in out[] (8 bytes each). */
static int command(void *req, const char *cmd, uint64_t *out, int ms)
{
    int n = 0;
    tu_send_str(req, cmd, 0);
    if (!tu_wait_readable(req, ms))
        return 0;
    for (;;) {
        unsigned char buf[16];
        uint64_t v = 0;
        int rc = zmq_recv(req, buf, sizeof buf, 0);
        TU_ASSERT_MSG(rc >= 0, "reply to %s", cmd);
        if (rc == 8)
            memcpy(&v, buf, 8);
        else
            TU_ASSERT_MSG(rc == 0, "%s: a %d-byte frame", cmd, rc);
        if (n < 8)
            out[n] = v;
        n++;
        if (!tu_get_int(req, ZMQ_RCVMORE))
            break;
    }
    return n;
}

static void expect_empty_reply(void *req, const char *cmd)
{
    uint64_t v[8];
    int n = command(req, cmd, v, TU_TIMEOUT_MS);
    TU_ASSERT_MSG(n == 1 && v[0] == 0, "%s: %d reply frames", cmd, n);
}

int main(void)
{
    void *ctx, *client, *worker, *req;
    struct proxy_args a;
    pthread_t th;
    char front_ep[256], back_ep[256], ctl_ep[256], buf[32];
    uint64_t st[8];
    int major, minor, patch, n;
    TU_START();

    zmq_version(&major, &minor, &patch);
    ctx = tu_ctx();
    memset(&a, 0, sizeof a);
    a.front = tu_socket(ctx, ZMQ_PULL);
    a.back = tu_socket(ctx, ZMQ_PUSH);
    a.control = tu_socket(ctx, ZMQ_REP);
    /* the proxy itself must wait for ever */
    tu_set_timeouts(a.front, -1);
    tu_set_timeouts(a.back, -1);
    tu_set_timeouts(a.control, -1);
    tu_bind_any(a.front, "inproc", front_ep, sizeof front_ep);
    tu_bind_any(a.back, "inproc", back_ep, sizeof back_ep);
    tu_bind_any(a.control, "inproc", ctl_ep, sizeof ctl_ep);

    client = tu_socket(ctx, ZMQ_PUSH);
    worker = tu_socket(ctx, ZMQ_PULL);
    req = tu_socket(ctx, ZMQ_REQ);
    TU_OK(zmq_connect(client, front_ep));
    TU_OK(zmq_connect(worker, back_ep));
    TU_OK(zmq_connect(req, ctl_ep));
    TU_ASSERT(pthread_create(&th, NULL, proxy_main, &a) == 0);

    tu_send_str(client, "m1", 0);
    tu_recv_str(worker, "m1", 0);

    /* PAUSE: 4.3.4 sent no reply (its REQ controller hangs). */
    n = command(req, "PAUSE", st, patch >= 5 ? TU_TIMEOUT_MS : 500);
    if (major == 4 && minor == 3 && patch < 5) {
        printf("libzmq %d.%d.%d: PAUSE got %d reply frames (4.3.5 replies "
               "with one empty frame); stopping here\n",
               major, minor, patch, n);
        TU_OK(zmq_close(client));
        TU_OK(zmq_close(worker));
        TU_OK(zmq_close(req));
        TU_OK(zmq_ctx_term(ctx));
        pthread_join(th, NULL);
        return 0;
    }
    TU_ASSERT_MSG(n == 1 && st[0] == 0, "PAUSE: %d reply frames", n);

    /* paused: nothing is forwarded */
    tu_send_str(client, "m2", 0);
    TU_ASSERT_MSG(!tu_wait_readable(worker, 300), "forwarded while paused");

    /* STATISTICS while paused: m1 went through (one frame, 2 bytes) */
    n = command(req, "STATISTICS", st, TU_TIMEOUT_MS);
    TU_EQ_INT(n, 8);
    TU_EQ_INT(st[0], 1); /* frontend received */
    TU_EQ_INT(st[1], 2);
    TU_EQ_INT(st[2], 0); /* frontend sent */
    TU_EQ_INT(st[3], 0);
    TU_EQ_INT(st[4], 0); /* backend received */
    TU_EQ_INT(st[5], 0);
    TU_EQ_INT(st[6], 1); /* backend sent */
    TU_EQ_INT(st[7], 2);

    /* RESUME: m2 comes through */
    expect_empty_reply(req, "RESUME");
    tu_recv_str(worker, "m2", 0);

    /* a two-frame message counts as two in 4.3.5's statistics */
    tu_send_str(client, "a", ZMQ_SNDMORE);
    tu_send_str(client, "bc", 0);
    tu_recv_str(worker, "a", 1);
    tu_recv_str(worker, "bc", 0);
    n = command(req, "STATISTICS", st, TU_TIMEOUT_MS);
    TU_EQ_INT(n, 8);
    TU_EQ_INT(st[0], 4);
    TU_EQ_INT(st[1], 7);
    TU_EQ_INT(st[6], 4);
    TU_EQ_INT(st[7], 7);
    TU_EQ_INT(st[2] + st[3] + st[4] + st[5], 0);

    /* an unknown command is answered too (4.3.4 aborted the process) */
    expect_empty_reply(req, "HELLO");
    tu_send_str(client, "m3", 0);
    tu_recv_str(worker, "m3", 0);

    /* TERMINATE: a reply, then the proxy returns 0 */
    expect_empty_reply(req, "TERMINATE");
    pthread_join(th, NULL);
    TU_EQ_INT(a.rc, 0);
    TU_ERR(zmq_recv(worker, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);

    TU_OK(zmq_close(client));
    TU_OK(zmq_close(worker));
    TU_OK(zmq_close(req));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
