/*
 * test_wire_greeting_truncated.c - a raw TCP peer connects to a bound PULL,
 * sends the first 20 bytes of a valid ZMTP 3.1 NULL greeting and shuts
 * down its sending side.  The zmq side must close the connection, deliver
 * nothing, and keep serving its well-behaved PUSH peer.
 */
#include "testutil.h"
#include "rawzmtp.h"

/* ------------------------------------------------------------------------ */

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    unsigned char g[64];
    int fd;

    TU_START();
    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_tcp(pull, ep, sizeof ep);
    push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "before", 0);
    tu_recv_str(pull, "before", 0);

    w_greeting(g, 3, 1, "NULL");
    fd = w_connect(ep);
    w_send(fd, g, 20);
    TU_ASSERT(shutdown(fd, SHUT_WR) == 0);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "connection with a truncated greeting was not closed");
    close(fd);

    tu_send_str(push, "after", 0);
    tu_recv_str(pull, "after", 0);
    TU_EQ_INT(tu_drain(pull), 0);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
