/*
 * test_wire_frame_huge_size.c - after a valid NULL handshake, a raw peer
 * sends a message frame whose 8-byte size field says 2^62 bytes (below
 * INT64_MAX, so not rejected as negative, and with no ZMQ_MAXMSGSIZE set).
 * libzmq tries to allocate the body, gets ENOMEM and drops the connection.
 * The library must drop the connection without trying to allocate 4 EiB
 * (an allocation failure aborts the process), must not deliver anything,
 * and the PULL socket must keep serving its well-behaved PUSH peer.
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    int fd;
    /* LONG message frame, size 0x4000000000000000, then a few body bytes */
    static const unsigned char huge[] = {0x02, 0x40, 0, 0, 0, 0, 0, 0, 0,
                                         'a', 'b', 'c', 'd'};

    TU_START();
    ctx = tu_ctx();
    w_pull_and_good_push(ctx, &pull, &push, ep, sizeof ep);

    fd = w_connect(ep);
    w_handshake(fd, "PUSH");
    w_send(fd, huge, sizeof huge);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "connection announcing a 2^62-byte frame was not closed");
    close(fd);

    tu_send_str(push, "after", 0);
    tu_recv_str(pull, "after", 0); /* nothing from the hostile peer first */
    TU_EQ_INT(tu_drain(pull), 0);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
