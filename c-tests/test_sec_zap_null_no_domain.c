/* A NULL socket without ZMQ_ZAP_DOMAIN never asks ZAP, even when a ZAP
 * handler is bound.
 *
 * libzmq 4.3.4: messages flow, both sides report HANDSHAKE_SUCCEEDED, and
 * the handler (which would answer 400) receives no request.  The same
 * socket with a domain is refused by that handler (AUTH 400), which proves
 * the handler was reachable all along. */
#include "testutil.h"
#include "secutil.h"

static zap_handler_t zap;

int main(void)
{
    void *ctx, *srv, *cli, *ms, *mc;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    zap.status = "400";
    zap_start(&zap, ctx, ZMQ_REP);
    srv = tu_socket(ctx, ZMQ_DEALER);
    cli = tu_socket(ctx, ZMQ_DEALER);
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    mc = mon_start(ctx, cli, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));

    sec_bounce(cli, srv, "no domain");
    mon_expect(ms, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    mon_expect(mc, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    tu_sleep_ms(200); /* a late request would show up meanwhile */
    TU_EQ_INT(zap_requests(&zap), 0);
    mon_stop(srv, ms);
    mon_stop(cli, mc);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));

    /* control: with a domain, the same handler is asked and refuses */
    srv = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(srv, ZMQ_ZAP_DOMAIN, "global", 6));
    cli = tu_socket(ctx, ZMQ_DEALER);
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));
    mon_expect_value(ms, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 400);
    zap_wait_requests(&zap, 1);
    TU_EQ_INT(zap_requests(&zap), 1);
    mon_stop(srv, ms);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));

    zap_stop(&zap);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
