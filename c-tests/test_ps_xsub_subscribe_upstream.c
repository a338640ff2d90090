/* An XSUB subscribes by sending "\x01topic" and cancels by sending
 * "\x00topic": a PUB then delivers only matching messages ("A..." but not
 * "B...") and, after the cancel, stops delivering them.  An XSUB receives
 * nothing before it subscribes.  Over tcp and inproc. */
#include "testutil.h"

/* Publish `marker` and read up to it; every message before it must start
 * with `allowed` (messages from one PUB arrive in order). */
static void read_through(void *pub, void *xsub, const char *marker,
                         char allowed)
{
    char buf[64];
    int rc;
    tu_send_str(pub, marker, 0);
    for (;;) {
        rc = zmq_recv(xsub, buf, sizeof buf - 1, 0);
        TU_ASSERT_MSG(rc > 0, "marker %s not received", marker);
        buf[rc] = '\0';
        if (strcmp(buf, marker) == 0)
            return;
        TU_ASSERT_MSG(buf[0] == allowed, "unexpected message '%s'", buf);
    }
}

static void run(const char *transport)
{
    void *ctx = tu_ctx();
    void *pub = tu_socket(ctx, ZMQ_PUB);
    void *xsub = tu_socket(ctx, ZMQ_XSUB);
    char ep[256];
    char buf[64];
    int64_t deadline;

    tu_bind_any(pub, transport, ep, sizeof ep);
    TU_OK(zmq_connect(xsub, ep));
    TU_EQ_INT(zmq_send(xsub, "\x01" "A", 2, 0), 2);

    /* wait for the subscription: publish until an "A" message arrives */
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    for (;;) {
        tu_send_str(pub, "B-skip", 0);
        tu_send_str(pub, "A-sync", 0);
        if (tu_wait_readable(xsub, 20))
            break;
        TU_ASSERT_MSG(tu_now_ms() < deadline, "subscription never arrived");
    }
    /* everything that arrived is an "A" message (no "B-skip") */
    read_through(pub, xsub, "A-end", 'A');

    tu_send_str(pub, "B1", 0);
    tu_send_str(pub, "A1", 0);
    tu_recv_str(xsub, "A1", 0);

    /* cancel, then wait until "A" messages stop: a second subscription
     * "C" tells us (messages from one PUB arrive in order) */
    TU_EQ_INT(zmq_send(xsub, "\x00" "A", 2, 0), 2);
    TU_EQ_INT(zmq_send(xsub, "\x01" "C", 2, 0), 2);
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    for (;;) {
        int rc;
        tu_send_str(pub, "A-gone?", 0);
        tu_send_str(pub, "C-mark", 0);
        if (!tu_wait_readable(xsub, 20)) {
            TU_ASSERT_MSG(tu_now_ms() < deadline, "C never subscribed");
            continue;
        }
        rc = zmq_recv(xsub, buf, sizeof buf, 0);
        TU_ASSERT(rc > 0);
        if (buf[0] == 'C')
            break;
        TU_ASSERT(buf[0] == 'A');
        TU_ASSERT_MSG(tu_now_ms() < deadline, "cancel never took effect");
    }
    read_through(pub, xsub, "C-end", 'C');
    tu_send_str(pub, "A2", 0);
    tu_send_str(pub, "C2", 0);
    tu_recv_str(xsub, "C2", 0);

    TU_OK(zmq_close(xsub));
    TU_OK(zmq_close(pub));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    run("tcp");
    run("inproc");
    return 0;
}
