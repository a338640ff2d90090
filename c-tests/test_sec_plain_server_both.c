/* A PLAIN server connecting to a PLAIN server (the "client" also has
 * ZMQ_PLAIN_SERVER=1): nothing is delivered either way.
 *
 * libzmq 4.3.4: both sides wait for a HELLO that never comes; no
 * handshake event at all until a handshake timer (ZMQ_HANDSHAKE_IVL,
 * default 30 s) expires.  Here the connecting side has HANDSHAKE_IVL
 * 1000 ms: it then reports ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL with
 * EAGAIN (timeout), closes and reconnects.  No ZAP request is ever sent
 * (a handler is bound and must see none).  The test never waits for the
 * timer by the clock: it asserts no delivery within a window, then waits
 * (bounded) for the client's EAGAIN event. */
#include "testutil.h"
#include "secutil.h"

static zap_handler_t zap;

int main(void)
{
    void *ctx, *srv, *cli, *ms, *mc;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    zap_start(&zap, ctx, ZMQ_REP);
    srv = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(srv, ZMQ_PLAIN_SERVER, 1);
    cli = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(cli, ZMQ_PLAIN_SERVER, 1);
    tu_set_int(cli, ZMQ_HANDSHAKE_IVL, 1000);
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    mc = mon_start(ctx, cli, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));

    sec_expect_no_delivery(cli, srv, 500);
    mon_expect_value(mc, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, EAGAIN);
    mon_expect_no_success(ms, 100);
    TU_EQ_INT(zap_requests(&zap), 0);
    TU_ASSERT(!tu_wait_readable(srv, 0));

    mon_stop(srv, ms);
    mon_stop(cli, mc);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
    zap_stop(&zap);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
