/* PLAIN with a ZAP handler that checks the credentials: the right
 * username/password is accepted and messages flow both ways; the ZAP
 * request carries exactly the RFC 27 frames.
 *
 * libzmq 4.3.4, the request a REP handler receives (8 frames):
 *   "1.0", "1" (request id: always "1"), the server's ZMQ_ZAP_DOMAIN
 *   ("" when unset: PLAIN asks ZAP even without a domain), the peer's
 *   address ("127.0.0.1" for tcp, no port), the server socket's
 *   ZMQ_ROUTING_ID ("" when unset), "PLAIN", username, password.
 * Both sides report ZMQ_EVENT_HANDSHAKE_SUCCEEDED.  Two servers are
 * checked: one with domain "global" and routing id "SRV", one with
 * neither. */
#include "testutil.h"
#include "secutil.h"

static zap_handler_t zap;

/* 200 for admin/secret, 400 for anything else */
static void check_password(zap_handler_t *h, const zap_frames_t *req,
                           zap_frames_t *rep)
{
    h->status = zap_frame_is(req, 6, "admin") && zap_frame_is(req, 7, "secret")
                  ? "200"
                  : "400";
    zap_reply_standard(h, req, rep);
}

static void one_server(void *ctx, const char *domain, const char *rid,
                       int nth)
{
    void *srv, *cli, *ms, *mc;
    char ep[256];
    srv = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(srv, ZMQ_PLAIN_SERVER, 1);
    if (domain)
        TU_OK(zmq_setsockopt(srv, ZMQ_ZAP_DOMAIN, domain, strlen(domain)));
    if (rid)
        TU_OK(zmq_setsockopt(srv, ZMQ_ROUTING_ID, rid, strlen(rid)));
    cli = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(cli, ZMQ_PLAIN_USERNAME, "admin", 5));
    TU_OK(zmq_setsockopt(cli, ZMQ_PLAIN_PASSWORD, "secret", 6));
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    mc = mon_start(ctx, cli, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));

    sec_bounce(cli, srv, "plain");
    sec_bounce(cli, srv, "again");
    mon_expect(ms, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    mon_expect(mc, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    zap_wait_requests(&zap, nth);
    TU_EQ_INT(zap_requests(&zap), nth);

    TU_EQ_INT(zap.last.n, 8);
    ZAP_EXPECT_FRAME(&zap.last, 0, "1.0");
    ZAP_EXPECT_FRAME(&zap.last, 1, "1");
    ZAP_EXPECT_FRAME(&zap.last, 2, domain ? domain : "");
    ZAP_EXPECT_FRAME(&zap.last, 3, "127.0.0.1");
    ZAP_EXPECT_FRAME(&zap.last, 4, rid ? rid : "");
    ZAP_EXPECT_FRAME(&zap.last, 5, "PLAIN");
    ZAP_EXPECT_FRAME(&zap.last, 6, "admin");
    ZAP_EXPECT_FRAME(&zap.last, 7, "secret");

    mon_stop(srv, ms);
    mon_stop(cli, mc);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
}

int main(void)
{
    void *ctx;
    TU_START();
    ctx = tu_ctx();
    zap.reply = check_password;
    zap_start(&zap, ctx, ZMQ_REP);
    one_server(ctx, "global", "SRV", 1);
    one_server(ctx, NULL, NULL, 2);
    zap_stop(&zap);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
