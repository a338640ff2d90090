/* After a ZAP refusal announced with an ERROR command, the client gives
 * up: it does not reconnect.
 *
 * libzmq 4.3.4: a PLAIN client refused with 400 gets ERROR "400",
 * reports ZMQ_EVENT_HANDSHAKE_FAILED_AUTH 400 and DISCONNECTED, and then
 * nothing more: no CONNECT_RETRIED, no new connection, even with
 * ZMQ_RECONNECT_IVL 20 ms (an ERROR is a protocol-level end: the session
 * is closed for good, the connect endpoint is dead).  The ZAP handler
 * sees exactly one request; the server exactly one AUTH event.  (ERROR
 * "500" behaves the same; a 300 reply sends no ERROR and the client does
 * retry: test_sec_zap_null_300.)  The "nothing more" window is 1 s, 50
 * reconnect intervals. */
#include "testutil.h"
#include "secutil.h"

static zap_handler_t zap;

int main(void)
{
    void *ctx, *srv, *cli, *ms, *mc;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    zap.status = "400";
    zap_start(&zap, ctx, ZMQ_REP);
    srv = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(srv, ZMQ_PLAIN_SERVER, 1);
    cli = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(cli, ZMQ_RECONNECT_IVL, 20);
    TU_OK(zmq_setsockopt(cli, ZMQ_PLAIN_USERNAME, "admin", 5));
    TU_OK(zmq_setsockopt(cli, ZMQ_PLAIN_PASSWORD, "wrong", 5));
    ms = mon_start(ctx, srv, SEC_HS_EVENTS | ZMQ_EVENT_ACCEPTED);
    mc = mon_start(ctx, cli, SEC_HS_EVENTS | ZMQ_EVENT_CONNECTED |
                                 ZMQ_EVENT_CONNECT_RETRIED |
                                 ZMQ_EVENT_DISCONNECTED);
    tu_bind_tcp(srv, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));

    mon_expect(ms, ZMQ_EVENT_ACCEPTED);
    mon_expect_value(ms, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 400);
    mon_expect(mc, ZMQ_EVENT_CONNECTED);
    mon_expect_value(mc, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 400);
    mon_expect(mc, ZMQ_EVENT_DISCONNECTED);
    mon_expect_none(mc, 1000);
    mon_expect_none(ms, 100);
    zap_wait_requests(&zap, 1);
    TU_EQ_INT(zap_requests(&zap), 1);
    sec_expect_no_delivery(cli, srv, 100);

    mon_stop(srv, ms);
    mon_stop(cli, mc);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
    zap_stop(&zap);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
