/*
 * test_wire_greeting_plain_to_null.c - a raw TCP peer connects to a bound
 * PULL that uses NULL security and greets with mechanism PLAIN, then
 * waits without closing.  The zmq side must drop the connection by itself
 * (mechanism mismatch), deliver nothing, and keep serving its
 * well-behaved PUSH peer.
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    unsigned char g[64];
    int fd;

    TU_START();
    ctx = tu_ctx();
    w_pull_and_good_push(ctx, &pull, &push, ep, sizeof ep);

    w_greeting(g, 3, 1, "PLAIN");
    fd = w_connect(ep);
    w_send(fd, g, sizeof g);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "PLAIN greeting to a NULL socket was not refused");
    close(fd);

    w_good_push_after(push, pull);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
