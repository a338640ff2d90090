/*
 * test_wire_message_before_ready.c - after a valid greeting, a raw TCP
 * peer sends a message frame ("hello") where the NULL mechanism expects
 * its READY command, then waits without closing.  The zmq side (a bound
 * PULL) must drop the connection by itself, must not deliver "hello", and
 * must keep serving its well-behaved PUSH peer.
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    unsigned char g[64];
    static const unsigned char msg[] = {0x00, 0x05, 'h', 'e', 'l', 'l', 'o'};
    int fd;

    TU_START();
    ctx = tu_ctx();
    w_pull_and_good_push(ctx, &pull, &push, ep, sizeof ep);

    fd = w_connect(ep);
    w_greeting(g, 3, 1, "NULL");
    w_send(fd, g, sizeof g);
    w_read_greeting(fd);
    w_send(fd, msg, sizeof msg);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "connection that sent a message before READY was not closed");
    close(fd);

    tu_send_str(push, "after", 0);
    tu_recv_str(pull, "after", 0); /* not "hello" */
    TU_EQ_INT(tu_drain(pull), 0);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
