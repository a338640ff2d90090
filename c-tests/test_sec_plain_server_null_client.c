/* A PLAIN server (ZMQ_PLAIN_SERVER=1) refuses a client that speaks NULL:
 * no message is delivered either way.
 *
 * libzmq 4.3.4: the greetings disagree on the mechanism, and BOTH sides
 * report ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL with value
 * ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH (0x11000002), then close.
 * No ZAP handler is needed: the mismatch is caught before ZAP (one is bound
 * here anyway, and must see no request).
 *
 * The test watches the handshake events of both sides, sends from both
 * sides and checks that nothing arrives. */
#include "testutil.h"
#include "secutil.h"

static zap_handler_t zap;

int main(void)
{
    void *ctx, *srv, *cli, *ms, *mc;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    zap_start(&zap, ctx, ZMQ_REP); /* would accept anything */
    srv = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(srv, ZMQ_PLAIN_SERVER, 1);
    cli = tu_socket(ctx, ZMQ_DEALER);
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    mc = mon_start(ctx, cli, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));

    sec_expect_no_delivery(cli, srv, 500);
    mon_expect_value(ms, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                     ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH);
    mon_expect_value(mc, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                     ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH);
    mon_expect_no_success(ms, 200);
    mon_expect_no_success(mc, 200);
    TU_EQ_INT(zap_requests(&zap), 0);

    mon_stop(srv, ms);
    mon_stop(cli, mc);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
    zap_stop(&zap);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
