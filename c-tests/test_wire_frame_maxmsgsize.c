/*
 * test_wire_frame_maxmsgsize.c - a bound PULL has ZMQ_MAXMSGSIZE = 64.
 * After a valid handshake a raw TCP peer sends a 64-byte message (at the
 * limit: delivered), then a 65-byte one (over it).  The zmq side must drop
 * the connection, must not deliver the 65-byte message, and must keep
 * serving its well-behaved PUSH peer.
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256], got[128];
    unsigned char buf[2 + 64 + 2 + 65];
    int fd;

    TU_START();
    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    TU_OK(zmq_setsockopt(pull, ZMQ_MAXMSGSIZE, &(int64_t){64}, sizeof(int64_t)));
    tu_bind_tcp(pull, ep, sizeof ep);
    push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "before", 0);
    tu_recv_str(pull, "before", 0);

    buf[0] = 0x00;
    buf[1] = 64;
    memset(buf + 2, 'a', 64);
    buf[66] = 0x00;
    buf[67] = 65;
    memset(buf + 68, 'b', 65);

    fd = w_connect(ep);
    w_handshake(fd, "PUSH");
    (void)w_send_try(fd, buf, sizeof buf);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "connection that sent a frame over MAXMSGSIZE was not closed");
    close(fd);

    TU_EQ_INT(zmq_recv(pull, got, sizeof got, 0), 64);
    TU_ASSERT(got[0] == 'a' && got[63] == 'a');
    tu_send_str(push, "after", 0);
    tu_recv_str(pull, "after", 0); /* not the 65-byte message */
    TU_EQ_INT(tu_drain(pull), 0);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
