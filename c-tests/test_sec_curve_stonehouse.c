/* A CURVE server with no ZAP handler bound accepts any client that knows
 * its public key (the "Stonehouse" pattern: encryption without
 * authentication), with or without a ZMQ_ZAP_DOMAIN, as long as
 * ZMQ_ZAP_ENFORCE_DOMAIN is 0 (the default).
 *
 * libzmq 4.3.4: messages flow both ways and both sides report
 * ZMQ_EVENT_HANDSHAKE_SUCCEEDED, for a server without a domain and for one
 * with domain "global".  Messages carry no User-Id. */
#include "testutil.h"
#include "secutil.h"

static char spub[41], ssec[41], cpub[41], csec[41];

static void one_server(void *ctx, const char *domain)
{
    void *srv, *cli, *ms, *mc;
    char ep[256];
    zmq_msg_t m;
    srv = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(srv, ZMQ_CURVE_SERVER, 1);
    TU_OK(zmq_setsockopt(srv, ZMQ_CURVE_SECRETKEY, ssec, 40));
    if (domain)
        TU_OK(zmq_setsockopt(srv, ZMQ_ZAP_DOMAIN, domain, strlen(domain)));
    cli = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_SERVERKEY, spub, 40));
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_PUBLICKEY, cpub, 40));
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_SECRETKEY, csec, 40));
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    mc = mon_start(ctx, cli, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));

    sec_bounce(cli, srv, domain ? domain : "no domain");
    tu_send_str(cli, "more", 0);
    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_recv(&m, srv, 0), 4);
    TU_NULL_ERR(zmq_msg_gets(&m, "User-Id"), EINVAL);
    TU_OK(zmq_msg_close(&m));
    mon_expect(ms, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    mon_expect(mc, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    mon_expect_none(ms, 100);

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
    one_server(ctx, NULL);
    one_server(ctx, "global");
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
