/*
 * test_wire_error_after_ready.c - once the NULL handshake is complete, a
 * raw TCP peer (as PUSH) sends an ERROR command and then a message.
 * libzmq 4.3 treats ERROR after the handshake like any other command it
 * does not act on: it is dropped and the connection kept, so the message
 * that follows is delivered (API-CHECKLIST 7d: unknown command after the
 * handshake: ignored, connection kept).  The bound PULL keeps serving its
 * well-behaved PUSH peer too.
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    unsigned char e[32], m[32];
    size_t el;
    int fd;

    TU_START();
    ctx = tu_ctx();
    w_pull_and_good_push(ctx, &pull, &push, ep, sizeof ep);

    fd = w_connect(ep);
    w_handshake(fd, "PUSH");
    el = w_command(e, "ERROR", "\x04oops", 5);
    w_send(fd, e, el);
    m[0] = 0x00;
    m[1] = 9;
    memcpy(m + 2, "raw-after", 9);
    w_send(fd, m, 11);
    tu_recv_str(pull, "raw-after", 0);

    w_good_push_after(push, pull);
    close(fd);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
