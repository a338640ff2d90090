/* The welcome message bypasses the XPUB's filter but not the SUB's own
 * filter: a SUB subscribed only to "data" never sees the welcome message
 * "Welcome", while the first matching publication does arrive.  Messages
 * on one connection keep their order, so the first message the SUB reads
 * being "data..." proves the welcome message was discarded.  Over tcp and
 * inproc. */
#include "testutil.h"

static void run(const char *transport)
{
    void *ctx = tu_ctx();
    void *xpub = tu_socket(ctx, ZMQ_XPUB);
    void *sub = tu_socket(ctx, ZMQ_SUB);
    char ep[256];
    char buf[64];
    int rc;

    TU_OK(zmq_setsockopt(xpub, ZMQ_XPUB_WELCOME_MSG, "Welcome", 7));
    tu_bind_any(xpub, transport, ep, sizeof ep);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "data", 4));
    TU_OK(zmq_connect(sub, ep));
    TU_EQ_INT(zmq_recv(xpub, buf, sizeof buf, 0), 5);
    TU_ASSERT(memcmp(buf, "\x01" "data", 5) == 0);

    tu_send_str(xpub, "data-1", 0);
    rc = zmq_recv(sub, buf, sizeof buf - 1, 0);
    TU_ASSERT(rc >= 0);
    buf[rc] = '\0';
    TU_EQ_STR(buf, "data-1");

    TU_OK(zmq_close(sub));
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
