/*
 * test_wire_unknown_command.c - once the NULL handshake is complete, a raw
 * TCP peer (as PUSH) sends commands the ZMTP 3.1 spec does not define
 * after the handshake ("X-FOO" with data, "PONG" with an unknown context,
 * and a second READY), then a message.  libzmq 4.3 ignores commands it
 * does not act on and keeps the connection: the message is delivered,
 * nothing else is, and the bound PULL keeps serving its well-behaved PUSH
 * peer.
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    unsigned char c[256], m[32];
    size_t cl = 0;
    int fd;

    TU_START();
    ctx = tu_ctx();
    w_pull_and_good_push(ctx, &pull, &push, ep, sizeof ep);

    fd = w_connect(ep);
    w_handshake(fd, "PUSH");
    cl += w_command(c + cl, "X-FOO", "some\0data", 9);
    cl += w_command(c + cl, "PONG", "ctx", 3);
    cl += w_ready(c + cl, "PUSH");
    w_send(fd, c, cl);
    m[0] = 0x00;
    m[1] = 7;
    memcpy(m + 2, "raw-msg", 7);
    w_send(fd, m, 9);
    tu_recv_str(pull, "raw-msg", 0);

    w_good_push_after(push, pull);
    close(fd);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
