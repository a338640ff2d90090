/* After a refusal without an ERROR command (the server just closes), the
 * client keeps reconnecting.
 *
 * libzmq 4.3.4: a CURVE client with the wrong server key is dropped by the
 * server (HANDSHAKE_FAILED_PROTOCOL ZMTP_CRYPTOGRAPHIC, no ERROR); the
 * client sees HANDSHAKE_FAILED_NO_DETAIL EPIPE/ECONNRESET, DISCONNECTED,
 * then CONNECT_RETRIED and connects again, over and over (every
 * ZMQ_RECONNECT_IVL, 20 ms here).  The test waits (bounded) for three
 * CONNECT_RETRIED on the client and three CRYPTOGRAPHIC failures on the
 * server.  The same holds for every other silent close: PLAIN without a
 * ZAP handler, malformed ZAP replies, ZAP 300 (after the handshake
 * timer). */
#include "testutil.h"
#include "secutil.h"

int main(void)
{
    void *ctx, *srv, *cli, *ms, *mc;
    char ep[256], spub[41], ssec[41], cpub[41], csec[41], opub[41], osec[41];
    TU_START();

    TU_OK(zmq_curve_keypair(spub, ssec));
    TU_OK(zmq_curve_keypair(cpub, csec));
    TU_OK(zmq_curve_keypair(opub, osec));
    ctx = tu_ctx();
    srv = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(srv, ZMQ_CURVE_SERVER, 1);
    TU_OK(zmq_setsockopt(srv, ZMQ_CURVE_SECRETKEY, ssec, 40));
    cli = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(cli, ZMQ_RECONNECT_IVL, 20);
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_SERVERKEY, opub, 40));
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_PUBLICKEY, cpub, 40));
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_SECRETKEY, csec, 40));
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    mc = mon_start(ctx, cli, SEC_HS_EVENTS | ZMQ_EVENT_CONNECTED |
                                 ZMQ_EVENT_CONNECT_RETRIED |
                                 ZMQ_EVENT_DISCONNECTED);
    tu_bind_tcp(srv, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));

    mon_expect(mc, ZMQ_EVENT_CONNECTED);
    mon_expect_peer_closed(mc);
    mon_expect(mc, ZMQ_EVENT_DISCONNECTED);
    mon_expect(mc, ZMQ_EVENT_CONNECT_RETRIED);
    mon_wait_count(mc, ZMQ_EVENT_CONNECT_RETRIED, -1, 2);
    mon_wait_count(ms, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                   ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC, 3);
    sec_expect_no_delivery(cli, srv, 100);

    mon_stop(srv, ms);
    mon_stop(cli, mc);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
