/* zmq_disconnect stops delivery: a SUB connected to two PUBs receives
 * from both; after disconnecting from one it receives only from the other.
 * Likewise a PUSH disconnected from one of two PULLs sends everything to
 * the remaining one. Over tcp and inproc. */
#include "testutil.h"

static void check(const char *tr)
{
    void *ctx, *sub, *pub1, *pub2, *push, *pull1, *pull2;
    char ep1[256], ep2[256], pe1[256], pe2[256];
    int i;

    ctx = tu_ctx();
    sub = tu_socket(ctx, ZMQ_SUB);
    pub1 = tu_socket(ctx, ZMQ_PUB);
    pub2 = tu_socket(ctx, ZMQ_PUB);
    tu_bind_any(pub1, tr, ep1, sizeof ep1);
    tu_bind_any(pub2, tr, ep2, sizeof ep2);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0));
    TU_OK(zmq_connect(sub, ep1));
    TU_OK(zmq_connect(sub, ep2));
    tu_sync_pubsub(pub1, sub, "sync1");
    tu_sync_pubsub(pub2, sub, "sync2");

    TU_OK(zmq_disconnect(sub, ep1));
    /* wait (bounded) until pub1 no longer reaches us: its messages stop
     * arriving once the disconnect has been processed */
    {
        int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
        for (;;) {
            tu_send_str(pub1, "from1", 0);
            if (!tu_wait_readable(sub, 100))
                break;
            tu_drain(sub);
            TU_ASSERT_MSG(tu_now_ms() < deadline, "%s: disconnect ignored",
                          tr);
        }
    }
    for (i = 0; i < 5; i++)
        tu_send_str(pub1, "from1", 0);
    tu_send_str(pub2, "from2", 0);
    tu_recv_str(sub, "from2", 0);
    TU_ASSERT(!tu_wait_readable(sub, 100));

    /* PUSH to two PULLs, then disconnect one */
    push = tu_socket(ctx, ZMQ_PUSH);
    pull1 = tu_socket(ctx, ZMQ_PULL);
    pull2 = tu_socket(ctx, ZMQ_PULL);
    tu_bind_any(pull1, tr, pe1, sizeof pe1);
    tu_bind_any(pull2, tr, pe2, sizeof pe2);
    TU_OK(zmq_connect(push, pe1));
    TU_OK(zmq_connect(push, pe2));
    tu_send_str(push, "a", 0);
    tu_send_str(push, "b", 0);
    TU_ASSERT(tu_wait_readable(pull1, TU_TIMEOUT_MS));
    TU_ASSERT(tu_wait_readable(pull2, TU_TIMEOUT_MS));
    tu_drain(pull1);
    tu_drain(pull2);
    TU_OK(zmq_disconnect(push, pe1));
    for (i = 0; i < 10; i++)
        tu_send_str(push, "only2", 0);
    for (i = 0; i < 10; i++)
        tu_recv_str(pull2, "only2", 0);
    TU_ASSERT(!tu_wait_readable(pull1, 100));

    TU_OK(zmq_close(sub));
    TU_OK(zmq_close(pub1));
    TU_OK(zmq_close(pub2));
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull1));
    TU_OK(zmq_close(pull2));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    check("tcp");
    check("inproc");
    return 0;
}
