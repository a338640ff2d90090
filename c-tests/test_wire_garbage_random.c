/*
 * test_wire_garbage_random.c - a raw TCP peer connects to a bound PULL and,
 * instead of a ZMTP greeting, streams pseudo-random bytes (fixed seed,
 * first byte not 0xFF, at most 1 MiB) without ever hanging up.  The zmq
 * side must close the connection by itself: libzmq 4.3 takes a first byte
 * other than 0xFF for a ZMTP 1.0 peer and gives up at the first frame
 * length it cannot accept (0, or a 64-bit length it cannot allocate); a
 * library that refuses ZMTP 1.0 gives up at once.  The PULL keeps serving
 * its well-behaved PUSH peer.  libzmq delivers the random frames it
 * decoded before giving up as messages (hence RCVHWM 0 here, so that it
 * never stops reading), so messages other than the good peer's are
 * tolerated and dropped.
 */
#include "testutil.h"
#include "rawzmtp.h"

#define CHUNK 4096
#define MAX_JUNK (1024 * 1024)

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    unsigned char junk[CHUNK];
    int fd, dropped, sent = 0;

    TU_START();
    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_set_int(pull, ZMQ_RCVHWM, 0);
    tu_bind_tcp(pull, ep, sizeof ep);
    push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "before", 0);
    tu_recv_str(pull, "before", 0);

    fd = w_connect(ep);
    while (sent < MAX_JUNK) {
        w_fill_random(junk, sizeof junk);
        if (sent == 0)
            junk[0] = 0x5A; /* never a greeting's 0xFF */
        if (w_send_try(fd, junk, sizeof junk) != 0)
            break; /* the zmq side reset the connection */
        sent += CHUNK;
    }
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "connection streaming random bytes was not closed "
                  "(%d bytes sent)", sent);
    close(fd);

    tu_send_str(push, "after", 0);
    dropped = w_recv_until(pull, "after");
    if (dropped)
        fprintf(stderr, "note: %d garbage message(s) were delivered\n",
                dropped);
    tu_send_str(push, "after2", 0);
    (void)w_recv_until(pull, "after2");

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
