/*
 * test_wire_random_after_handshake.c - 16 times in a row, a raw TCP peer
 * completes a valid NULL handshake with a bound PULL and then streams
 * pseudo-random bytes (fixed seeds, up to 256 KiB) as fast as the socket
 * takes them, without hanging up.  Read as ZMTP frames, each stream soon
 * holds one the zmq side cannot accept (libzmq: a size over INT64_MAX, or
 * one it cannot allocate); the zmq side must drop each connection by
 * itself, and keep serving its well-behaved PUSH peer.  Random bytes can
 * also decode as valid short messages, which libzmq delivers (RCVHWM 0
 * here so that it never stops reading), so messages other than the good
 * peer's are tolerated and dropped.
 */
#include "testutil.h"
#include "rawzmtp.h"

#define ROUNDS 16
#define CHUNK 4096
#define MAX_JUNK (256 * 1024)

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    unsigned char junk[CHUNK];
    int fd, round, dropped = 0;

    TU_START();
    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_set_int(pull, ZMQ_RCVHWM, 0);
    tu_bind_tcp(pull, ep, sizeof ep);
    push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "before", 0);
    tu_recv_str(pull, "before", 0);

    for (round = 0; round < ROUNDS; round++) {
        int sent = 0;
        w_rand_state = 0x9E3779B9u * (uint32_t)(round + 1);
        fd = w_connect(ep);
        w_handshake(fd, "PUSH");
        while (sent < MAX_JUNK) {
            w_fill_random(junk, sizeof junk);
            if (w_send_try(fd, junk, sizeof junk) != 0)
                break; /* the zmq side reset the connection */
            sent += CHUNK;
        }
        TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                      "round %d: connection sending random frames was not "
                      "closed (%d bytes sent)", round, sent);
        close(fd);
    }

    tu_send_str(push, "after", 0);
    dropped += w_recv_until(pull, "after");
    tu_send_str(push, "after2", 0);
    dropped += w_recv_until(pull, "after2");
    if (dropped)
        fprintf(stderr, "note: %d random message(s) were delivered\n",
                dropped);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
