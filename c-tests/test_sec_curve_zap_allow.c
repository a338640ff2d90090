/* A ZAP handler allowing a CURVE client: the request's credentials frame
 * is the client's public key, and the reply's user id reaches the
 * messages.
 *
 * libzmq 4.3.4, the request (7 frames): "1.0", "1", the server's
 * ZMQ_ZAP_DOMAIN ("" when unset: CURVE asks ZAP even without a domain,
 * whenever a handler is bound), "127.0.0.1", the server's routing id,
 * "CURVE", the client's long-term public key (32 bytes, binary).  Reply
 * 200 with user id "alice": messages from the client carry User-Id
 * "alice"; both sides report HANDSHAKE_SUCCEEDED.  Checked for a server
 * with domain "curve-dom" and routing id "SRV" and for one with neither. */
#include "testutil.h"
#include "secutil.h"

static zap_handler_t zap;
static char spub[41], ssec[41], cpub[41], csec[41];

static void one_server(void *ctx, const char *domain, const char *rid, int nth)
{
    void *srv, *cli, *ms, *mc;
    char ep[256];
    uint8_t key[32];
    zmq_msg_t m;
    srv = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(srv, ZMQ_CURVE_SERVER, 1);
    TU_OK(zmq_setsockopt(srv, ZMQ_CURVE_SECRETKEY, ssec, 40));
    if (domain)
        TU_OK(zmq_setsockopt(srv, ZMQ_ZAP_DOMAIN, domain, strlen(domain)));
    if (rid)
        TU_OK(zmq_setsockopt(srv, ZMQ_ROUTING_ID, rid, strlen(rid)));
    cli = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_SERVERKEY, spub, 40));
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_PUBLICKEY, cpub, 40));
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_SECRETKEY, csec, 40));
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    mc = mon_start(ctx, cli, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));

    tu_send_str(cli, "hi", 0);
    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_recv(&m, srv, 0), 2);
    TU_EQ_STR(zmq_msg_gets(&m, "User-Id"), "alice");
    TU_OK(zmq_msg_close(&m));
    tu_send_str(srv, "back", 0);
    tu_recv_str(cli, "back", 0);
    mon_expect(ms, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    mon_expect(mc, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);

    zap_wait_requests(&zap, nth);
    TU_EQ_INT(zap_requests(&zap), nth);
    TU_EQ_INT(zap.last.n, 7);
    ZAP_EXPECT_FRAME(&zap.last, 0, "1.0");
    ZAP_EXPECT_FRAME(&zap.last, 1, "1");
    ZAP_EXPECT_FRAME(&zap.last, 2, domain ? domain : "");
    ZAP_EXPECT_FRAME(&zap.last, 3, "127.0.0.1");
    ZAP_EXPECT_FRAME(&zap.last, 4, rid ? rid : "");
    ZAP_EXPECT_FRAME(&zap.last, 5, "CURVE");
    TU_ASSERT(zmq_z85_decode(key, cpub) == key);
    TU_EQ_INT(zap.last.len[6], 32);
    TU_ASSERT(memcmp(zap.last.data[6], key, 32) == 0);

    mon_stop(srv, ms);
    mon_stop(cli, mc);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
}

int main(void)
{
    void *ctx;
    TU_START();
    TU_OK(zmq_curve_keypair(spub, ssec));
    TU_OK(zmq_curve_keypair(cpub, csec));
    ctx = tu_ctx();
    zap.user_id = "alice";
    zap_start(&zap, ctx, ZMQ_REP);
    one_server(ctx, "curve-dom", "SRV", 1);
    one_server(ctx, NULL, NULL, 2);
    zap_stop(&zap);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
