/*
 * test_wire_ready_incompatible_type.c - a raw TCP peer completes the
 * greeting with a bound PUB and announces Socket-Type PUSH in its READY
 * (PUB accepts only SUB and XSUB).  The zmq side must drop the connection
 * by itself, and keep publishing to its well-behaved SUB peer.
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *pub, *sub;
    char ep[256];
    unsigned char g[64], r[64];
    size_t rl;
    int fd;

    TU_START();
    ctx = tu_ctx();
    pub = tu_socket(ctx, ZMQ_PUB);
    tu_bind_tcp(pub, ep, sizeof ep);
    sub = tu_socket(ctx, ZMQ_SUB);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0));
    TU_OK(zmq_connect(sub, ep));
    tu_sync_pubsub(pub, sub, "before");

    fd = w_connect(ep);
    w_greeting(g, 3, 1, "NULL");
    w_send(fd, g, sizeof g);
    w_read_greeting(fd);
    rl = w_ready(r, "PUSH");
    w_send(fd, r, rl);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "PUSH peer of a PUB socket was not dropped");
    close(fd);

    tu_send_str(pub, "after", 0);
    tu_recv_str(sub, "after", 0);

    TU_OK(zmq_close(sub));
    TU_OK(zmq_close(pub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
