/*
 * test_wire_garbage_http.c - a raw TCP peer connects to a bound ROUTER and
 * sends a short HTTP request instead of a ZMTP greeting, then shuts down
 * its sending side.  The zmq side must close the connection (libzmq 4.3
 * reads "G" as a ZMTP 1.0 length, waits for the rest and fails at the end
 * of the stream; a library that refuses ZMTP 1.0 fails at once), must not
 * deliver any part of the request as a message, and must keep serving its
 * well-behaved DEALER peer in both directions.
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *router, *dealer;
    char ep[256];
    int fd;
    static const char http[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";

    TU_START();
    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_bind_tcp(router, ep, sizeof ep);
    dealer = w_good_dealer(ctx, ep);
    w_router_roundtrip(router, dealer, "before");

    fd = w_connect(ep);
    w_send(fd, http, sizeof http - 1);
    TU_ASSERT(shutdown(fd, SHUT_WR) == 0);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "connection that sent an HTTP request was not closed");
    close(fd);

    w_router_roundtrip(router, dealer, "after");
    TU_EQ_INT(tu_drain(router), 0); /* no part of the request delivered */

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
