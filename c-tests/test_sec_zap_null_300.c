/* A NULL socket with ZMQ_ZAP_DOMAIN set asks the ZAP handler; a 300 reply
 * (temporary failure) refuses the peer silently, and the peer retries.
 *
 * libzmq 4.3.4: the server reports ZMQ_EVENT_HANDSHAKE_FAILED_AUTH with
 * value 300, but sends neither READY nor ERROR.  Usually it does NOT
 * close the connection either: it stays open until a handshake timer
 * (ZMQ_HANDSHAKE_IVL) fires; sometimes (a race: when the client's READY
 * was already processed) it closes at once.  The client never reports
 * HANDSHAKE_FAILED_AUTH; here its HANDSHAKE_IVL is 1000 ms (the server
 * keeps the default 30 s), so the client reports HANDSHAKE_FAILED_NO_DETAIL
 * with EAGAIN (its timeout) or, after the early close, EPIPE/ECONNRESET;
 * either way it closes and reconnects, and the server asks ZAP again (a
 * second request and a second AUTH 300 event).  No message is delivered either way.
 * (The man page / CURVEZMQ RFC say "silently disconnect"; libzmq does not
 * disconnect, it just goes quiet.) */
#include "testutil.h"
#include "secutil.h"

static zap_handler_t zap;

int main(void)
{
    void *ctx, *srv, *cli, *ms, *mc;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    zap.status = "300";
    zap_start(&zap, ctx, ZMQ_REP);
    srv = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(srv, ZMQ_ZAP_DOMAIN, "global", 6));
    cli = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(cli, ZMQ_RECONNECT_IVL, 20);
    tu_set_int(cli, ZMQ_HANDSHAKE_IVL, 1000);
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    mc = mon_start(ctx, cli, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));

    sec_expect_no_delivery(cli, srv, 500);
    mon_expect_value(ms, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 300);
    /* the client hears no reason: its own timeout or a plain close */
    mon_expect_closed_or_quiet(mc);
    /* it reconnects and the server asks ZAP again */
    mon_expect_value(ms, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 300);
    zap_wait_requests(&zap, 2);
    TU_ASSERT(!tu_wait_readable(srv, 0));
    TU_ASSERT(!tu_wait_readable(cli, 0));

    mon_stop(srv, ms);
    mon_stop(cli, mc);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
    zap_stop(&zap);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
