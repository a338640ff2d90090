/* A NULL socket with ZMQ_ZAP_DOMAIN set asks the ZAP handler; a 500 reply (internal error)
 * refuses the peer.
 *
 * libzmq 4.3.4: the server sends the ZAP request, gets 500, reports
 * ZMQ_EVENT_HANDSHAKE_FAILED_AUTH with value 500 and sends an ERROR
 * command (reason "500") instead of READY; the client reports
 * HANDSHAKE_FAILED_AUTH 500 too (from the ERROR), and does not reconnect
 * (exactly one ZAP request).  No message is delivered either way. */
#include "testutil.h"
#include "secutil.h"

static zap_handler_t zap;

int main(void)
{
    void *ctx, *srv, *cli, *ms, *mc;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    zap.status = "500";
    zap_start(&zap, ctx, ZMQ_REP);
    srv = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(srv, ZMQ_ZAP_DOMAIN, "global", 6));
    cli = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(cli, ZMQ_RECONNECT_IVL, 20);
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    mc = mon_start(ctx, cli, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));

    sec_expect_no_delivery(cli, srv, 500);
    mon_expect_value(ms, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 500);
    mon_expect_value(mc, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 500);
    mon_expect_none(ms, 300);
    mon_expect_none(mc, 100);
    zap_wait_requests(&zap, 1);
    TU_EQ_INT(zap_requests(&zap), 1);
    ZAP_EXPECT_FRAME(&zap.first, 5, "NULL");

    mon_stop(srv, ms);
    mon_stop(cli, mc);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
    zap_stop(&zap);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
