/*
 * test_wire_error_before_ready.c - after a valid greeting, a raw TCP peer
 * sends an ERROR command ("oops") instead of READY and then waits without
 * closing.  The zmq side (a bound ROUTER) must end the handshake and drop
 * the connection by itself, deliver nothing, and keep serving its
 * well-behaved DEALER peer.
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *router, *dealer;
    char ep[256];
    unsigned char g[64], e[32];
    size_t el;
    int fd;

    TU_START();
    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_bind_tcp(router, ep, sizeof ep);
    dealer = w_good_dealer(ctx, ep);
    w_router_roundtrip(router, dealer, "before");

    el = w_command(e, "ERROR", "\x04oops", 5);
    fd = w_connect(ep);
    w_greeting(g, 3, 1, "NULL");
    w_send(fd, g, sizeof g);
    w_read_greeting(fd);
    w_send(fd, e, el);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "connection was not closed after the peer's ERROR");
    close(fd);

    w_router_roundtrip(router, dealer, "after");
    TU_EQ_INT(tu_drain(router), 0);

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
