/*
 * test_wire_command_mid_message.c - once the NULL handshake is complete, a
 * raw TCP peer (as PUSH) sends the first frame of a two-part message (MORE
 * set), then an unknown command frame ("X-FOO"), then the final frame.
 * libzmq 4.3 drops the command and keeps the connection: the bound PULL
 * receives the two-part message [part1, part2] intact, the connection stays
 * up (a later message from the raw peer arrives too), and the PULL keeps
 * serving its well-behaved PUSH peer.
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    unsigned char c[64];
    size_t cl = 0;
    int fd;

    TU_START();
    ctx = tu_ctx();
    w_pull_and_good_push(ctx, &pull, &push, ep, sizeof ep);

    fd = w_connect(ep);
    w_handshake(fd, "PUSH");
    memcpy(c + cl, "\x01\x05part1", 7); /* MORE */
    cl += 7;
    cl += w_command(c + cl, "X-FOO", "x", 1);
    memcpy(c + cl, "\x00\x05part2", 7);
    cl += 7;
    w_send(fd, c, cl);
    tu_recv_str(pull, "part1", 1);
    tu_recv_str(pull, "part2", 0);

    w_send(fd, "\x00\x04next", 6); /* the connection is still up */
    tu_recv_str(pull, "next", 0);

    w_good_push_after(push, pull);
    close(fd);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
