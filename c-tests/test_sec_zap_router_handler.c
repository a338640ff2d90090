/* A ROUTER can be the ZAP handler: it receives the request behind a
 * routing id and an empty delimiter, and answers the same way.
 *
 * libzmq 4.3.4: a ROUTER bound at inproc://zeromq.zap.01 receives
 * [routing id, "", "1.0", "1", domain, "127.0.0.1", server routing id,
 * "PLAIN", username, password] (10 frames); replying [routing id, "",
 * "1.0", "1", "200", "OK", "bob", ""] lets the PLAIN client in (messages
 * flow, User-Id "bob").  Replying with a non-empty delimiter ("X" instead
 * of "") makes the server report ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
 * ZMQ_PROTOCOL_ERROR_ZAP_UNSPECIFIED and close; the client reports
 * HANDSHAKE_FAILED_NO_DETAIL EPIPE/ECONNRESET; nothing is delivered.
 * (A REP handler cannot produce that: REP writes the delimiter itself.) */
#include "testutil.h"
#include "secutil.h"

static zap_handler_t zap;
static int bad_delimiter; /* __atomic */

static void reply_router(zap_handler_t *h, const zap_frames_t *req,
                         zap_frames_t *rep)
{
    zap_reply_standard(h, req, rep);
    if (__atomic_load_n(&bad_delimiter, __ATOMIC_ACQUIRE))
        zap_frame_str(rep, 1, "X");
}

int main(void)
{
    void *ctx, *srv, *cli, *ms, *mc;
    char ep[256];
    zmq_msg_t m;
    TU_START();

    ctx = tu_ctx();
    zap.reply = reply_router;
    zap.user_id = "bob";
    zap_start(&zap, ctx, ZMQ_ROUTER);
    srv = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(srv, ZMQ_PLAIN_SERVER, 1);
    TU_OK(zmq_setsockopt(srv, ZMQ_ZAP_DOMAIN, "dom", 3));
    TU_OK(zmq_setsockopt(srv, ZMQ_ROUTING_ID, "SRV", 3));
    cli = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(cli, ZMQ_PLAIN_USERNAME, "bob", 3));
    TU_OK(zmq_setsockopt(cli, ZMQ_PLAIN_PASSWORD, "pw", 2));
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));

    tu_send_str(cli, "via router", 0);
    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_recv(&m, srv, 0), 10);
    TU_EQ_STR(zmq_msg_gets(&m, "User-Id"), "bob");
    TU_OK(zmq_msg_close(&m));
    tu_send_str(srv, "back", 0);
    tu_recv_str(cli, "back", 0);
    mon_expect(ms, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);

    zap_wait_requests(&zap, 1);
    TU_EQ_INT(zap.first.n, 10);
    TU_ASSERT(zap.first.len[0] > 0); /* the ROUTER's routing id for the pipe */
    ZAP_EXPECT_FRAME(&zap.first, 1, "");
    ZAP_EXPECT_FRAME(&zap.first, 2, "1.0");
    ZAP_EXPECT_FRAME(&zap.first, 3, "1");
    ZAP_EXPECT_FRAME(&zap.first, 4, "dom");
    ZAP_EXPECT_FRAME(&zap.first, 5, "127.0.0.1");
    ZAP_EXPECT_FRAME(&zap.first, 6, "SRV");
    ZAP_EXPECT_FRAME(&zap.first, 7, "PLAIN");
    ZAP_EXPECT_FRAME(&zap.first, 8, "bob");
    ZAP_EXPECT_FRAME(&zap.first, 9, "pw");
    TU_OK(zmq_close(cli));

    /* a non-empty delimiter in the reply */
    __atomic_store_n(&bad_delimiter, 1, __ATOMIC_RELEASE);
    cli = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(cli, ZMQ_PLAIN_USERNAME, "bob", 3));
    TU_OK(zmq_setsockopt(cli, ZMQ_PLAIN_PASSWORD, "pw", 2));
    mc = mon_start(ctx, cli, SEC_HS_EVENTS);
    TU_OK(zmq_connect(cli, ep));
    mon_expect_value(ms, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                     ZMQ_PROTOCOL_ERROR_ZAP_UNSPECIFIED);
    mon_expect_peer_closed(mc);
    sec_expect_no_delivery(cli, srv, 200);

    mon_stop(srv, ms);
    mon_stop(cli, mc);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
    zap_stop(&zap);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
