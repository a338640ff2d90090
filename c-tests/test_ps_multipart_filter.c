/* Subscription filtering looks only at the first frame of a message and
 * delivers or drops the message whole: ["A-topic", "B-body", ""] reaches a
 * SUB subscribed to "A" with all three frames (RCVMORE 1, 1, 0), while
 * ["B-topic", "A-body"] is dropped entirely.  Over tcp and inproc. */
#include "testutil.h"

static void run(const char *transport)
{
    void *ctx = tu_ctx();
    void *pub = tu_socket(ctx, ZMQ_PUB);
    void *sub = tu_socket(ctx, ZMQ_SUB);
    char ep[256];

    tu_bind_any(pub, transport, ep, sizeof ep);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "A", 1));
    TU_OK(zmq_connect(sub, ep));
    tu_sync_pubsub(pub, sub, "A-sync");

    tu_send_str(pub, "B-topic", ZMQ_SNDMORE);
    tu_send_str(pub, "A-body", 0);
    tu_send_str(pub, "A-topic", ZMQ_SNDMORE);
    tu_send_str(pub, "B-body", ZMQ_SNDMORE);
    TU_EQ_INT(zmq_send(pub, "", 0, 0), 0);
    tu_send_str(pub, "A-end", 0);

    tu_recv_str(sub, "A-topic", 1);
    tu_recv_str(sub, "B-body", 1);
    tu_recv_str(sub, "", 0);
    tu_recv_str(sub, "A-end", 0);

    TU_OK(zmq_close(sub));
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
