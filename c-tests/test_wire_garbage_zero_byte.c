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

/* ------------------------------------------------------------------------ */

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    int fd;
    unsigned char zero = 0x00;

    TU_START();
    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_tcp(pull, ep, sizeof ep);
    push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "before", 0);
    tu_recv_str(pull, "before", 0);

    fd = w_connect(ep);
    w_send(fd, &zero, 1);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "connection that sent one 0x00 byte was not closed");
    close(fd);

    tu_send_str(push, "after", 0);
    tu_recv_str(pull, "after", 0);
    TU_EQ_INT(tu_drain(pull), 0);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
