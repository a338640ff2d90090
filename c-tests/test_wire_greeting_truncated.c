/*
 * test_wire_greeting_truncated.c - a raw TCP peer connects to a bound PULL,
 * sends the first 20 bytes of a valid ZMTP 3.1 NULL greeting and shuts
 * down its sending side.  The zmq side must close the connection, deliver
 * nothing, and keep serving its well-behaved PUSH peer.
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

    w_greeting(g, 3, 1, "NULL");
    fd = w_connect(ep);
    w_send(fd, g, 20);
    TU_ASSERT(shutdown(fd, SHUT_WR) == 0);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "connection with a truncated greeting was not closed");
    close(fd);

    w_good_push_after(push, pull);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
