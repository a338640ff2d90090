/*
 * test_wire_frame_truncated.c - after a valid handshake a raw TCP peer
 * sends the first frame of a two-part message in full (MORE set), then a
 * header announcing a 10-byte final frame followed by only 3 bytes, and
 * shuts down its sending side.  The zmq side must close the connection
 * and must deliver no part of the incomplete message; the bound PULL keeps
 * serving its well-behaved PUSH peer (its next message is the first thing
 * received).
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    static const unsigned char part[] = {0x01, 0x05, 'p', 'a', 'r', 't', '1',
                                         0x00, 0x0a, 'p', 'a', 'r'};
    int fd;

    TU_START();
    ctx = tu_ctx();
    w_pull_and_good_push(ctx, &pull, &push, ep, sizeof ep);

    fd = w_connect(ep);
    w_handshake(fd, "PUSH");
    w_send(fd, part, sizeof part);
    /* let the zmq side decode what it has before the stream ends */
    tu_sleep_ms(100);
    TU_ASSERT(shutdown(fd, SHUT_WR) == 0);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "connection with a truncated frame was not closed");
    close(fd);

    tu_send_str(push, "after", 0);
    tu_recv_str(pull, "after", 0); /* not "part1" */
    TU_EQ_INT(tu_drain(pull), 0);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
