/*
 * test_wire_greeting_future_version.c - RFC 23: "a peer MUST accept higher
 * protocol versions as valid".  A raw TCP peer greets a bound PULL with
 * ZMTP version 4.0, then completes a NULL handshake as PUSH and sends one
 * message.  libzmq 4.3 treats any revision above 3 as ZMTP 3.1: the
 * handshake completes and the message is delivered, alongside those of a
 * well-behaved PUSH peer.
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    unsigned char g[64], r[128], m[16];
    size_t rl;
    int fd;

    TU_START();
    ctx = tu_ctx();
    w_pull_and_good_push(ctx, &pull, &push, ep, sizeof ep);

    fd = w_connect(ep);
    w_greeting(g, 4, 0, "NULL");
    w_send(fd, g, sizeof g);
    w_read_greeting(fd);
    rl = w_ready(r, "PUSH");
    w_send(fd, r, rl);
    w_read_ready(fd);
    m[0] = 0x00;
    m[1] = 5;
    memcpy(m + 2, "v4msg", 5);
    w_send(fd, m, 7);
    tu_recv_str(pull, "v4msg", 0);

    tu_send_str(push, "after", 0);
    tu_recv_str(pull, "after", 0);
    close(fd);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
