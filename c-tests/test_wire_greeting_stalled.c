/*
 * test_wire_greeting_stalled.c - with ZMQ_HANDSHAKE_IVL = 300 ms on a bound
 * PULL, a raw TCP peer sends only the first 11 bytes of a ZMTP 3.1
 * greeting (signature and major version) and then stalls without closing.
 * The zmq side must drop the connection when the handshake interval runs
 * out (well within 5 s), deliver nothing, and keep serving its
 * well-behaved PUSH peer.
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    unsigned char g[64];
    int fd;
    int64_t t0, took;

    TU_START();
    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_set_int(pull, ZMQ_HANDSHAKE_IVL, 300);
    tu_bind_tcp(pull, ep, sizeof ep);
    push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "before", 0);
    tu_recv_str(pull, "before", 0);

    w_greeting(g, 3, 1, "NULL");
    fd = w_connect(ep);
    t0 = tu_now_ms();
    w_send(fd, g, 11);
    TU_ASSERT_MSG(w_wait_closed(fd, 5000),
                  "stalled handshake not dropped after HANDSHAKE_IVL");
    took = tu_now_ms() - t0;
    /* not before the interval (generous margin for timer granularity) */
    TU_ASSERT_MSG(took >= 200, "dropped after %lld ms, HANDSHAKE_IVL is 300",
                  (long long)took);
    close(fd);

    w_good_push_after(push, pull);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
