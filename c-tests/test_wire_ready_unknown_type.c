/*
 * test_wire_ready_unknown_type.c - a raw TCP peer completes the greeting
 * with a bound PULL and announces a Socket-Type that does not exist
 * ("BOGUS") in its READY.  The zmq side must drop the connection by
 * itself, deliver nothing, and keep serving its well-behaved PUSH peer.
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    unsigned char g[64], r[64];
    size_t rl;
    int fd;

    TU_START();
    ctx = tu_ctx();
    w_pull_and_good_push(ctx, &pull, &push, ep, sizeof ep);

    fd = w_connect(ep);
    w_greeting(g, 3, 1, "NULL");
    w_send(fd, g, sizeof g);
    w_read_greeting(fd);
    rl = w_ready(r, "BOGUS");
    w_send(fd, r, rl);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "peer with an unknown Socket-Type was not dropped");
    close(fd);

    w_good_push_after(push, pull);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
