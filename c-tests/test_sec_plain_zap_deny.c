/* PLAIN with a ZAP handler that checks the credentials: a wrong password
 * is refused.
 *
 * libzmq 4.3.4: the handler answers 400; the server reports
 * ZMQ_EVENT_HANDSHAKE_FAILED_AUTH 400 and sends ERROR "400"; the client
 * reports HANDSHAKE_FAILED_AUTH 400 and does not reconnect (one ZAP
 * request only).  No message is delivered either way.  The request
 * carried the wrong password as sent. */
#include "testutil.h"
#include "secutil.h"

static zap_handler_t zap;

static void check_password(zap_handler_t *h, const zap_frames_t *req,
                           zap_frames_t *rep)
{
    h->status = zap_frame_is(req, 6, "admin") && zap_frame_is(req, 7, "secret")
                  ? "200"
                  : "400";
    zap_reply_standard(h, req, rep);
}

int main(void)
{
    void *ctx, *srv, *cli, *ms, *mc;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    zap.reply = check_password;
    zap_start(&zap, ctx, ZMQ_REP);
    srv = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(srv, ZMQ_PLAIN_SERVER, 1);
    cli = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(cli, ZMQ_RECONNECT_IVL, 20);
    TU_OK(zmq_setsockopt(cli, ZMQ_PLAIN_USERNAME, "admin", 5));
    TU_OK(zmq_setsockopt(cli, ZMQ_PLAIN_PASSWORD, "guess", 5));
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
    ZAP_EXPECT_FRAME(&zap.first, 5, "PLAIN");
    ZAP_EXPECT_FRAME(&zap.first, 6, "admin");
    ZAP_EXPECT_FRAME(&zap.first, 7, "guess");

    mon_stop(srv, ms);
    mon_stop(cli, mc);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
    zap_stop(&zap);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
