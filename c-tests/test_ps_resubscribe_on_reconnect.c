/* A SUB's subscriptions belong to the SUB, not to a connection: those set
 * before connecting are sent to the XPUB as soon as the connection is up
 * (all of them, in some order), and when the XPUB is closed and a new one
 * binds the same tcp endpoint, the SUB reconnects and sends them all again
 * to the new XPUB.  A subscription cancelled in between is not resent.
 * (libzmq resends them while the application calls into the SUB, so the
 * test polls the SUB's ZMQ_EVENTS while waiting.) */
#include "testutil.h"

static void expect_set_(void *xpub, const char *const *want, int n, int line)
{
    int seen[8] = { 0 }, i, k;
    char buf[64];
    for (i = 0; i < n; i++) {
        int rc = zmq_recv(xpub, buf, sizeof buf - 1, 0);
        TU_ASSERT_MSG(rc >= 1, "line %d: subscription %d of %d missing",
                      line, i + 1, n);
        TU_EQ_INT(buf[0], 1);
        buf[rc] = '\0';
        for (k = 0; k < n; k++)
            if (!seen[k] && strcmp(buf + 1, want[k]) == 0) {
                seen[k] = 1;
                break;
            }
        TU_ASSERT_MSG(k < n, "unexpected subscription '%s'", buf + 1);
    }
}
#define expect_set(x, w, n) expect_set_((x), (w), (n), __LINE__)

int main(void)
{
    void *ctx, *xpub, *sub;
    char ep[256], buf[16];
    static const char *const first[] = { "alpha", "beta", "gamma" };
    static const char *const second[] = { "alpha", "gamma", "delta" };
    TU_START();

    ctx = tu_ctx();
    xpub = tu_socket(ctx, ZMQ_XPUB);
    sub = tu_socket(ctx, ZMQ_SUB);
    tu_set_int(sub, ZMQ_RECONNECT_IVL, 20);
    tu_bind_any(xpub, "tcp", ep, sizeof ep);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "alpha", 5));
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "beta", 4));
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "gamma", 5));
    TU_OK(zmq_connect(sub, ep));
    expect_set(xpub, first, 3);

    TU_OK(zmq_setsockopt(sub, ZMQ_UNSUBSCRIBE, "beta", 4));
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "delta", 5));
    TU_EQ_INT(zmq_recv(xpub, buf, sizeof buf, 0), 5);
    TU_ASSERT(memcmp(buf, "\0beta", 5) == 0);
    TU_EQ_INT(zmq_recv(xpub, buf, sizeof buf, 0), 6);
    TU_ASSERT(memcmp(buf, "\1delta", 6) == 0);

    TU_OK(zmq_close(xpub));
    xpub = tu_socket(ctx, ZMQ_XPUB);
    tu_bind_retry(xpub, ep);
    /* libzmq resends a SUB's subscriptions when the SUB socket processes
     * the reconnection ("hiccup"), i.e. during a call on the SUB: prod it */
    {
        int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
        while (!tu_wait_readable(xpub, 20)) {
            (void)tu_get_int(sub, ZMQ_EVENTS);
            TU_ASSERT_MSG(tu_now_ms() < deadline, "no resubscription");
        }
    }
    expect_set(xpub, second, 3);
    TU_ERR(zmq_recv(xpub, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);

    TU_OK(zmq_close(sub));
    TU_OK(zmq_close(xpub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
