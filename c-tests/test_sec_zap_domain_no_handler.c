/* A NULL socket with ZMQ_ZAP_DOMAIN set but no ZAP handler bound, and
 * ZMQ_ZAP_ENFORCE_DOMAIN left at 0: the domain is ignored and the peer is
 * accepted (legacy behaviour).
 *
 * libzmq 4.3.4: messages flow both ways, both sides report
 * ZMQ_EVENT_HANDSHAKE_SUCCEEDED and no failure event. */
#include "testutil.h"
#include "secutil.h"

#ifndef ZMQ_ZAP_ENFORCE_DOMAIN
#define ZMQ_ZAP_ENFORCE_DOMAIN 93
#endif

int main(void)
{
    void *ctx, *srv, *cli, *ms, *mc;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    srv = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(srv, ZMQ_ZAP_DOMAIN, "global", 6));
    TU_EQ_INT(tu_get_int(srv, ZMQ_ZAP_ENFORCE_DOMAIN), 0);
    cli = tu_socket(ctx, ZMQ_DEALER);
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    mc = mon_start(ctx, cli, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));

    sec_bounce(cli, srv, "legacy");
    mon_expect(ms, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    mon_expect(mc, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    mon_expect_none(ms, 100);

    mon_stop(srv, ms);
    mon_stop(cli, mc);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
