/*
 * test_wire_frame_reserved_flags.c - RFC 23 reserves bits 3-7 of the frame
 * flags byte; libzmq 4.3 ignores them on receipt.  Once the NULL handshake
 * is complete, a raw TCP peer (as PUSH) sends a message frame with every
 * reserved bit set (flags 0xF8), then a two-part message whose first frame
 * has reserved bits and MORE set (0xF9).  The bound PULL delivers all of
 * them as ordinary messages, keeps the connection, and keeps serving its
 * well-behaved PUSH peer.
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    static const unsigned char frames[] = {
        0xF8, 0x04, 'r', 'e', 's', 'v',      /* reserved bits, final */
        0xF9, 0x01, 'a',                     /* reserved bits + MORE */
        0x00, 0x01, 'b'};                    /* final */
    int fd;

    TU_START();
    ctx = tu_ctx();
    w_pull_and_good_push(ctx, &pull, &push, ep, sizeof ep);

    fd = w_connect(ep);
    w_handshake(fd, "PUSH");
    w_send(fd, frames, sizeof frames);
    tu_recv_str(pull, "resv", 0);
    tu_recv_str(pull, "a", 1);
    tu_recv_str(pull, "b", 0);

    w_send(fd, "\x00\x04next", 6); /* the connection is still up */
    tu_recv_str(pull, "next", 0);

    w_good_push_after(push, pull);
    close(fd);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
