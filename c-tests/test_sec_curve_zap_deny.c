/* A ZAP handler denying a CURVE client's public key refuses the client.
 *
 * libzmq 4.3.4: the CURVE server asks ZAP after the client's INITIATE
 * (mechanism "CURVE", credentials = the client's 32-byte public key); on
 * 400 it reports ZMQ_EVENT_HANDSHAKE_FAILED_AUTH 400 and sends ERROR
 * "400"; the client reports HANDSHAKE_FAILED_AUTH 400 and does not
 * reconnect (one ZAP request).  No message is delivered either way. */
#include "testutil.h"
#include "secutil.h"

static zap_handler_t zap;

int main(void)
{
    void *ctx, *srv, *cli, *ms, *mc;
    char ep[256], spub[41], ssec[41], cpub[41], csec[41];
    uint8_t key[32];
    TU_START();

    TU_OK(zmq_curve_keypair(spub, ssec));
    TU_OK(zmq_curve_keypair(cpub, csec));
    ctx = tu_ctx();
    zap.status = "400";
    zap_start(&zap, ctx, ZMQ_REP);
    srv = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(srv, ZMQ_CURVE_SERVER, 1);
    TU_OK(zmq_setsockopt(srv, ZMQ_CURVE_SECRETKEY, ssec, 40));
    cli = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(cli, ZMQ_RECONNECT_IVL, 20);
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_SERVERKEY, spub, 40));
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_PUBLICKEY, cpub, 40));
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_SECRETKEY, csec, 40));
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    mc = mon_start(ctx, cli, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));

    sec_expect_no_delivery(cli, srv, 500);
    mon_expect_value(ms, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 400);
    mon_expect_value(mc, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 400);
    mon_expect_none(ms, 300);
    mon_expect_none(mc, 100);
    zap_wait_requests(&zap, 1);
    TU_EQ_INT(zap_requests(&zap), 1);
    ZAP_EXPECT_FRAME(&zap.first, 5, "CURVE");
    TU_ASSERT(zmq_z85_decode(key, cpub) == key);
    TU_EQ_INT(zap.first.n, 7);
    TU_EQ_INT(zap.first.len[6], 32);
    TU_ASSERT(memcmp(zap.first.data[6], key, 32) == 0);

    mon_stop(srv, ms);
    mon_stop(cli, mc);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
    zap_stop(&zap);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
