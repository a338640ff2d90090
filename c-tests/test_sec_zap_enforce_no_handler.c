/* A NULL socket with ZMQ_ZAP_DOMAIN and ZMQ_ZAP_ENFORCE_DOMAIN=1 but no
 * ZAP handler bound refuses every peer.
 *
 * libzmq 4.3.4: ZMQ_ZAP_ENFORCE_DOMAIN reads back 1.  The server reports
 * ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL with value EFAULT (14) - sometimes
 * twice for one connection - and then sends nothing and does NOT close:
 * the connection stalls until a handshake timer fires.  Here the client's
 * ZMQ_HANDSHAKE_IVL is 1000 ms, so the client then reports
 * HANDSHAKE_FAILED_NO_DETAIL EAGAIN and reconnects.  ferromq closes the
 * refused connection at once instead of leaving it to stall, so its client
 * reports EPIPE or ECONNRESET; the test takes either.  No message is
 * delivered either way and neither side reports HANDSHAKE_SUCCEEDED. */
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
    tu_set_int(srv, ZMQ_ZAP_ENFORCE_DOMAIN, 1);
    TU_EQ_INT(tu_get_int(srv, ZMQ_ZAP_ENFORCE_DOMAIN), 1);
    cli = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(cli, ZMQ_HANDSHAKE_IVL, 1000);
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    mc = mon_start(ctx, cli, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));

    sec_expect_no_delivery(cli, srv, 500);
    mon_expect_value(ms, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, EFAULT);
    mon_expect_closed_or_quiet(mc);
    mon_expect_no_success(ms, 200);
    mon_expect_no_success(mc, 100);
    TU_ASSERT(!tu_wait_readable(srv, 0));

    mon_stop(srv, ms);
    mon_stop(cli, mc);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
