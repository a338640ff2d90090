/* A CURVE server with ZMQ_ZAP_ENFORCE_DOMAIN=1 but NO ZMQ_ZAP_DOMAIN skips
 * ZAP entirely, even when a handler is bound (surprising, but what
 * libzmq 4.3.4 does: curve_server asks ZAP only "if a domain is set or
 * enforcement is off").
 *
 * libzmq 4.3.4: the handler (which would answer 400) gets no request; the
 * client is accepted, messages flow, both sides report
 * HANDSHAKE_SUCCEEDED.  Control: the same server without
 * ZAP_ENFORCE_DOMAIN asks the handler (domain "") and is refused with
 * AUTH 400. */
#include "testutil.h"
#include "secutil.h"

#ifndef ZMQ_ZAP_ENFORCE_DOMAIN
#define ZMQ_ZAP_ENFORCE_DOMAIN 93
#endif

static zap_handler_t zap;
static char spub[41], ssec[41], cpub[41], csec[41];

static void *server(void *ctx, int enforce)
{
    void *srv = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(srv, ZMQ_CURVE_SERVER, 1);
    TU_OK(zmq_setsockopt(srv, ZMQ_CURVE_SECRETKEY, ssec, 40));
    tu_set_int(srv, ZMQ_ZAP_ENFORCE_DOMAIN, enforce);
    return srv;
}

static void *client(void *ctx)
{
    void *cli = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_SERVERKEY, spub, 40));
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_PUBLICKEY, cpub, 40));
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_SECRETKEY, csec, 40));
    return cli;
}

int main(void)
{
    void *ctx, *srv, *cli, *ms, *mc;
    char ep[256];
    TU_START();

    TU_OK(zmq_curve_keypair(spub, ssec));
    TU_OK(zmq_curve_keypair(cpub, csec));
    ctx = tu_ctx();
    zap.status = "400";
    zap_start(&zap, ctx, ZMQ_REP);

    srv = server(ctx, 1);
    cli = client(ctx);
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    mc = mon_start(ctx, cli, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));
    sec_bounce(cli, srv, "enforce, no domain");
    mon_expect(ms, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    mon_expect(mc, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    tu_sleep_ms(100); /* a late request would show up meanwhile */
    TU_EQ_INT(zap_requests(&zap), 0);
    mon_stop(srv, ms);
    mon_stop(cli, mc);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));

    /* control: enforcement off, no domain -> ZAP is asked, and says 400 */
    srv = server(ctx, 0);
    cli = client(ctx);
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));
    mon_expect_value(ms, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 400);
    zap_wait_requests(&zap, 1);
    ZAP_EXPECT_FRAME(&zap.first, 2, "");
    ZAP_EXPECT_FRAME(&zap.first, 5, "CURVE");
    mon_stop(srv, ms);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));

    zap_stop(&zap);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
