/* XSUB/XPUB forwarding (a hand-written proxy, as in libzmq's
 * test_sub_forward): SUB -> XPUB(proxy backend) -> app -> XSUB(proxy
 * frontend) -> PUB.  The SUB's subscription reaches the XPUB as "\x01",
 * is forwarded by sending it on the XSUB, and a PUB message then flows
 * back PUB -> XSUB -> app -> XPUB -> SUB.  All over tcp. */
#include "testutil.h"

int main(void)
{
    void *ctx, *pub, *xsub, *xpub, *sub;
    char ep_front[256], ep_back[256];
    char buf[64];
    int rc;
    int64_t deadline;
    TU_START();

    ctx = tu_ctx();
    xsub = tu_socket(ctx, ZMQ_XSUB);
    xpub = tu_socket(ctx, ZMQ_XPUB);
    pub = tu_socket(ctx, ZMQ_PUB);
    sub = tu_socket(ctx, ZMQ_SUB);
    tu_bind_any(xsub, "tcp", ep_front, sizeof ep_front);
    tu_bind_any(xpub, "tcp", ep_back, sizeof ep_back);
    TU_OK(zmq_connect(pub, ep_front));
    TU_OK(zmq_connect(sub, ep_back));
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0));

    /* subscription: SUB -> XPUB -> (app) -> XSUB -> PUB */
    rc = zmq_recv(xpub, buf, sizeof buf, 0);
    TU_EQ_INT(rc, 1);
    TU_EQ_INT(buf[0], 1);
    TU_EQ_INT(zmq_send(xsub, buf, 1, 0), 1);

    /* data: PUB -> XSUB -> (app) -> XPUB -> SUB; the XSUB may connect its
     * subscription to the PUB later than we start, so publish repeatedly */
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    while (!tu_wait_readable(xsub, 20)) {
        tu_send_str(pub, "foobar", 0);
        TU_ASSERT_MSG(tu_now_ms() < deadline, "PUB never saw the "
                                              "subscription");
    }
    tu_recv_str(xsub, "foobar", 0);
    tu_send_str(xpub, "foobar", 0);
    tu_recv_str(sub, "foobar", 0);

    TU_OK(zmq_close(pub));
    TU_OK(zmq_close(sub));
    TU_OK(zmq_close(xpub));
    TU_OK(zmq_close(xsub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
