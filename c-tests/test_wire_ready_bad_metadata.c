/*
 * test_wire_ready_bad_metadata.c - after a valid greeting, a raw TCP peer
 * sends a READY whose metadata is malformed: the Socket-Type property
 * claims a 256-byte value but only 4 bytes follow inside the command.
 * The zmq side (a bound PULL) must drop the connection by itself, deliver
 * nothing, and keep serving its well-behaved PUSH peer.
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    unsigned char g[64], r[64], meta[32];
    size_t ml, rl;
    int fd;

    TU_START();
    ctx = tu_ctx();
    w_pull_and_good_push(ctx, &pull, &push, ep, sizeof ep);

    ml = w_property(meta, "Socket-Type", "PUSH");
    meta[1 + 11 + 2] = 0x01; /* value length 4 -> 0x00000104 */
    rl = w_command(r, "READY", meta, ml);

    fd = w_connect(ep);
    w_greeting(g, 3, 1, "NULL");
    w_send(fd, g, sizeof g);
    w_read_greeting(fd);
    w_send(fd, r, rl);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "connection with malformed READY metadata was not closed");
    close(fd);

    w_good_push_after(push, pull);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
