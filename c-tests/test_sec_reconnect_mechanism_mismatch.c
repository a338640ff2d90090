/* After a mechanism mismatch the client gives up: no reconnect.
 *
 * libzmq 4.3.4: a NULL client connecting to a CURVE server (or a PLAIN
 * one) reports HANDSHAKE_FAILED_PROTOCOL
 * ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH and DISCONNECTED, then
 * nothing more (no CONNECT_RETRIED within 1 s at ZMQ_RECONNECT_IVL
 * 20 ms); the server reports the same mismatch exactly once. */
#include "testutil.h"
#include "secutil.h"

int main(void)
{
    void *ctx, *srv, *cli, *ms, *mc;
    char ep[256], spub[41], ssec[41];
    int curve = zmq_has("curve");
    TU_START();

    ctx = tu_ctx();
    srv = tu_socket(ctx, ZMQ_DEALER);
    if (curve) {
        TU_OK(zmq_curve_keypair(spub, ssec));
        tu_set_int(srv, ZMQ_CURVE_SERVER, 1);
        TU_OK(zmq_setsockopt(srv, ZMQ_CURVE_SECRETKEY, ssec, 40));
    } else {
        tu_set_int(srv, ZMQ_PLAIN_SERVER, 1);
    }
    printf("server mechanism: %s\n", curve ? "CURVE" : "PLAIN");
    cli = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(cli, ZMQ_RECONNECT_IVL, 20);
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    mc = mon_start(ctx, cli, SEC_HS_EVENTS | ZMQ_EVENT_CONNECTED |
                                 ZMQ_EVENT_CONNECT_RETRIED |
                                 ZMQ_EVENT_DISCONNECTED);
    tu_bind_tcp(srv, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));

    mon_expect(mc, ZMQ_EVENT_CONNECTED);
    mon_expect_value(mc, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                     ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH);
    mon_expect(mc, ZMQ_EVENT_DISCONNECTED);
    mon_expect_none(mc, 1000);
    mon_expect_value(ms, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                     ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH);
    mon_expect_none(ms, 100);
    sec_expect_no_delivery(cli, srv, 100);

    mon_stop(srv, ms);
    mon_stop(cli, mc);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
