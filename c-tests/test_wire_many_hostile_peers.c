/*
 * test_wire_many_hostile_peers.c - 40 raw TCP peers connect to one bound
 * ROUTER at the same time, and each breaks the protocol in one of four
 * ways: a single 0x00 byte, a greeting with an unknown mechanism, a
 * message frame instead of READY, a READY with an incompatible socket
 * type (PUB).  None of them hangs up.  The zmq side must drop every one of
 * those connections by itself, deliver nothing from them, and keep
 * serving its well-behaved DEALER peer throughout.
 */
#include "testutil.h"
#include "rawzmtp.h"

#define N_HOSTILE 40

int main(void)
{
    void *ctx, *router, *dealer;
    char ep[256];
    int fds[N_HOSTILE];
    int i;

    TU_START();
    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_bind_tcp(router, ep, sizeof ep);
    dealer = w_good_dealer(ctx, ep);
    w_router_roundtrip(router, dealer, "before");

    for (i = 0; i < N_HOSTILE; i++)
        fds[i] = w_connect(ep);
    for (i = 0; i < N_HOSTILE; i++) {
        unsigned char g[64], r[64];
        size_t rl;
        switch (i % 4) {
        case 0:
            w_send(fds[i], "\0", 1);
            break;
        case 1:
            w_greeting(g, 3, 1, "X-BOGUS");
            w_send(fds[i], g, sizeof g);
            break;
        case 2:
            w_greeting(g, 3, 1, "NULL");
            w_send(fds[i], g, sizeof g);
            w_read_greeting(fds[i]);
            w_send(fds[i], "\x00\x05hello", 7);
            break;
        default:
            w_greeting(g, 3, 1, "NULL");
            w_send(fds[i], g, sizeof g);
            w_read_greeting(fds[i]);
            rl = w_ready(r, "PUB");
            w_send(fds[i], r, rl);
            break;
        }
    }
    w_router_roundtrip(router, dealer, "during");
    for (i = 0; i < N_HOSTILE; i++) {
        TU_ASSERT_MSG(w_wait_closed(fds[i], TU_TIMEOUT_MS),
                      "hostile connection %d (kind %d) was not closed", i,
                      i % 4);
        close(fds[i]);
    }

    w_router_roundtrip(router, dealer, "after");
    TU_EQ_INT(tu_drain(router), 0);

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
