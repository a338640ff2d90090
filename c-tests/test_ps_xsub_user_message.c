/* An XSUB may send messages that are not subscriptions: a frame whose
 * first byte is neither 0 nor 1 goes upstream and an XPUB receives it
 * unchanged (libzmq 4.3 "user messages").  A frame starting with \x01 is
 * a subscription: the XPUB receives it as "\x01topic".  Over tcp and
 * inproc. */
#include "testutil.h"

static void run(const char *transport)
{
    void *ctx = tu_ctx();
    void *xpub = tu_socket(ctx, ZMQ_XPUB);
    void *xsub = tu_socket(ctx, ZMQ_XSUB);
    char ep[256];
    char buf[64];

    tu_bind_any(xpub, transport, ep, sizeof ep);
    TU_OK(zmq_connect(xsub, ep));

    TU_EQ_INT(zmq_send(xsub, "\x02user", 5, 0), 5);
    TU_EQ_INT(zmq_recv(xpub, buf, sizeof buf, 0), 5);
    TU_ASSERT(memcmp(buf, "\x02user", 5) == 0);
    TU_EQ_INT(tu_get_int(xpub, ZMQ_RCVMORE), 0);

    tu_send_str(xsub, "hello", 0);
    tu_recv_str(xpub, "hello", 0);

    TU_EQ_INT(zmq_send(xsub, "\x01" "T", 2, 0), 2);
    TU_EQ_INT(zmq_recv(xpub, buf, sizeof buf, 0), 2);
    TU_ASSERT(memcmp(buf, "\x01" "T", 2) == 0);

    TU_OK(zmq_close(xsub));
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
