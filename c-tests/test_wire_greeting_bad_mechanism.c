/*
 * test_wire_greeting_bad_mechanism.c - a raw TCP peer connects to a bound
 * ROUTER (NULL security) and sends a well-formed ZMTP 3.1 greeting naming
 * an unknown mechanism "X-BOGUS", then waits without closing.  The zmq
 * side must drop the connection by itself (mechanism mismatch), deliver
 * nothing, and keep serving its well-behaved DEALER peer.
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *router, *dealer;
    char ep[256];
    unsigned char g[64];
    int fd;

    TU_START();
    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_bind_tcp(router, ep, sizeof ep);
    dealer = w_good_dealer(ctx, ep);
    w_router_roundtrip(router, dealer, "before");

    w_greeting(g, 3, 1, "X-BOGUS");
    fd = w_connect(ep);
    w_send(fd, g, sizeof g);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "connection with an unknown mechanism was not closed");
    close(fd);

    w_router_roundtrip(router, dealer, "after");
    TU_EQ_INT(tu_drain(router), 0);

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
