/* A CURVE client configured with the wrong server public key is refused.
 *
 * libzmq 4.3.4: the server cannot open the client's HELLO box and reports
 * ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL with
 * ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC (0x11000001), then closes without
 * a word; the client reports HANDSHAKE_FAILED_NO_DETAIL with EPIPE or
 * ECONNRESET, and reconnects (test_sec_reconnect_curve_wrong_key).  No
 * ZAP request is sent (a handler is bound and sees none).  No message is
 * delivered either way. */
#include "testutil.h"
#include "secutil.h"

static zap_handler_t zap;

int main(void)
{
    void *ctx, *srv, *cli, *ms, *mc;
    char ep[256], spub[41], ssec[41], cpub[41], csec[41], opub[41], osec[41];
    TU_START();

    TU_OK(zmq_curve_keypair(spub, ssec));
    TU_OK(zmq_curve_keypair(cpub, csec));
    TU_OK(zmq_curve_keypair(opub, osec));
    ctx = tu_ctx();
    zap_start(&zap, ctx, ZMQ_REP);
    srv = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(srv, ZMQ_CURVE_SERVER, 1);
    TU_OK(zmq_setsockopt(srv, ZMQ_CURVE_SECRETKEY, ssec, 40));
    cli = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_SERVERKEY, opub, 40)); /* wrong */
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_PUBLICKEY, cpub, 40));
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_SECRETKEY, csec, 40));
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    mc = mon_start(ctx, cli, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));

    sec_expect_no_delivery(cli, srv, 500);
    mon_expect_value(ms, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                     ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC);
    mon_expect_peer_closed(mc);
    mon_expect_no_success(ms, 200);
    mon_expect_no_success(mc, 100);
    TU_EQ_INT(zap_requests(&zap), 0);

    mon_stop(srv, ms);
    mon_stop(cli, mc);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
    zap_stop(&zap);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
