/* A ZAP 200 reply sets the peer's User-Id and metadata.
 *
 * libzmq 4.3.4: for a NULL server with ZMQ_ZAP_DOMAIN, the ZAP reply
 * [version, request id, "200", "OK", "alice", metadata] where metadata is
 * ZMTP-encoded properties ("Hello"="World", "X-Two"="2") makes every
 * message received from that peer carry zmq_msg_gets "User-Id" = "alice"
 * and "Hello" = "World", "X-Two" = "2", next to the peer's own properties
 * (Socket-Type "DEALER").  Both sides report
 * ZMQ_EVENT_HANDSHAKE_SUCCEEDED.  The client's messages from the server
 * carry no User-Id (ZAP runs only on the server's side). */
#include "testutil.h"
#include "rawzmtp.h"
#include "secutil.h"

static zap_handler_t zap;

int main(void)
{
    void *ctx, *srv, *cli, *ms, *mc;
    char ep[256];
    unsigned char meta[64];
    size_t ml;
    zmq_msg_t m;
    TU_START();

    ml = w_property(meta, "Hello", "World");
    ml += w_property(meta + ml, "X-Two", "2");
    ctx = tu_ctx();
    zap.status = "200";
    zap.user_id = "alice";
    zap.metadata = meta;
    zap.metadata_len = ml;
    zap_start(&zap, ctx, ZMQ_REP);
    srv = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(srv, ZMQ_ZAP_DOMAIN, "global", 6));
    cli = tu_socket(ctx, ZMQ_DEALER);
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    mc = mon_start(ctx, cli, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));

    tu_send_str(cli, "hello", 0);
    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_recv(&m, srv, 0), 5);
    TU_EQ_STR(zmq_msg_gets(&m, "User-Id"), "alice");
    TU_EQ_STR(zmq_msg_gets(&m, "Hello"), "World");
    TU_EQ_STR(zmq_msg_gets(&m, "X-Two"), "2");
    TU_EQ_STR(zmq_msg_gets(&m, "Socket-Type"), "DEALER");
    TU_OK(zmq_msg_close(&m));

    tu_send_str(srv, "back", 0);
    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_recv(&m, cli, 0), 4);
    TU_NULL_ERR(zmq_msg_gets(&m, "User-Id"), EINVAL);
    TU_NULL_ERR(zmq_msg_gets(&m, "Hello"), EINVAL);
    TU_OK(zmq_msg_close(&m));

    mon_expect(ms, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    mon_expect(mc, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    zap_wait_requests(&zap, 1);
    TU_EQ_INT(zap_requests(&zap), 1);

    mon_stop(srv, ms);
    mon_stop(cli, mc);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
    zap_stop(&zap);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
