/*
 * test_wire_garbage_zero_byte.c - a raw TCP peer connects to a bound PULL,
 * sends a single 0x00 byte and then waits, without closing.  The zmq side
 * must drop the connection by itself (libzmq 4.3 reads the byte as a ZMTP
 * 1.0 frame length of zero, which is invalid; a library that refuses
 * ZMTP 1.0 rejects the signature), deliver nothing, and keep serving its
 * well-behaved PUSH peer.
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    int fd;
    unsigned char zero = 0x00;

    TU_START();
    ctx = tu_ctx();
    w_pull_and_good_push(ctx, &pull, &push, ep, sizeof ep);

    fd = w_connect(ep);
    w_send(fd, &zero, 1);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "connection that sent one 0x00 byte was not closed");
    close(fd);

    w_good_push_after(push, pull);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
