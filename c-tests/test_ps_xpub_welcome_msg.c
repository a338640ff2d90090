/* ZMQ_XPUB_WELCOME_MSG: every newly attached subscriber is first sent a copy
 * of the welcome message, unfiltered by the XPUB.  A SUB subscribed to "W"
 * receives "Welcome"; an XSUB with no subscription at all receives it too
 * (XSUB does no local filtering).  The XPUB still reports the subscription
 * ("\x01W").  libzmq writes the welcome message when the XPUB socket
 * processes the new peer, i.e. during some later call on the XPUB, so the
 * test reads the subscription (or polls ZMQ_EVENTS) on the XPUB first.  Setting an empty welcome message removes it.  Over tcp and
 * inproc. */
#include "testutil.h"

static void run(const char *transport)
{
    void *ctx = tu_ctx();
    void *xpub = tu_socket(ctx, ZMQ_XPUB);
    void *sub = tu_socket(ctx, ZMQ_SUB);
    void *xsub = tu_socket(ctx, ZMQ_XSUB);
    void *xsub2 = tu_socket(ctx, ZMQ_XSUB);
    char ep[256];
    char buf[64];

    TU_OK(zmq_setsockopt(xpub, ZMQ_XPUB_WELCOME_MSG, "Welcome", 7));
    tu_bind_any(xpub, transport, ep, sizeof ep);

    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "W", 1));
    TU_OK(zmq_connect(sub, ep));
    TU_EQ_INT(zmq_recv(xpub, buf, sizeof buf, 0), 2);
    TU_ASSERT(memcmp(buf, "\x01" "W", 2) == 0);
    tu_recv_str(sub, "Welcome", 0);

    /* The XPUB attaches a new peer (and writes the welcome message) when
     * it processes its commands, i.e. when the application uses it: keep
     * polling its ZMQ_EVENTS until the XSUB has the message. */
    TU_OK(zmq_connect(xsub, ep));
    {
        int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
        while (!tu_wait_readable(xsub, 20)) {
            (void)tu_get_int(xpub, ZMQ_EVENTS);
            TU_ASSERT_MSG(tu_now_ms() < deadline, "no welcome message");
        }
    }
    tu_recv_str(xsub, "Welcome", 0);

    /* no welcome message for later subscribers once it is cleared */
    TU_OK(zmq_setsockopt(xpub, ZMQ_XPUB_WELCOME_MSG, NULL, 0));
    TU_OK(zmq_connect(xsub2, ep));
    TU_EQ_INT(zmq_send(xsub2, "\x01" "Z", 2, 0), 2);
    TU_EQ_INT(zmq_recv(xpub, buf, sizeof buf, 0), 2);
    TU_ASSERT(memcmp(buf, "\x01" "Z", 2) == 0);
    tu_send_str(xpub, "Z-first", 0);
    tu_recv_str(xsub2, "Z-first", 0);

    TU_OK(zmq_close(sub));
    TU_OK(zmq_close(xsub));
    TU_OK(zmq_close(xsub2));
    TU_OK(zmq_close(xpub));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    run("tcp");
    run("inproc");
    return 0;
}
