/* A REQ accepts the reply only from the peer its request went to: a
 * well-formed reply from a second connected ROUTER (which knows the REQ's
 * routing id) is discarded, and the REQ keeps waiting for the right one. */
#include "testutil.h"

/* Send [id, "", body] from a ROUTER_MANDATORY socket, retrying while the
 * peer is not yet known (EHOSTUNREACH) until the deadline. */
static void send_reply(void *router, const char *id, const char *body)
{
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    for (;;) {
        int rc = zmq_send(router, id, strlen(id), ZMQ_SNDMORE);
        if (rc >= 0)
            break;
        TU_ASSERT(zmq_errno() == EHOSTUNREACH);
        TU_ASSERT_MSG(tu_now_ms() < deadline, "peer %s never known", id);
        tu_sleep_ms(2);
    }
    tu_send_str(router, "", ZMQ_SNDMORE);
    tu_send_str(router, body, 0);
}

int main(void)
{
    void *ctx, *req, *ra, *rb;
    char epa[256], epb[256], buf[64];
    TU_START();

    ctx = tu_ctx();
    ra = tu_socket(ctx, ZMQ_ROUTER);
    rb = tu_socket(ctx, ZMQ_ROUTER);
    tu_set_int(ra, ZMQ_ROUTER_MANDATORY, 1);
    tu_set_int(rb, ZMQ_ROUTER_MANDATORY, 1);
    tu_bind_any(ra, "inproc", epa, sizeof epa);
    tu_bind_any(rb, "inproc", epb, sizeof epb);

    req = tu_socket(ctx, ZMQ_REQ);
    TU_OK(zmq_setsockopt(req, ZMQ_ROUTING_ID, "R", 1));
    TU_OK(zmq_connect(req, epa));
    TU_OK(zmq_connect(req, epb));

    /* the first request goes to the first connected peer, ra */
    tu_send_str(req, "q1", 0);
    tu_recv_str(ra, "R", 1);
    tu_recv_str(ra, "", 1);
    tu_recv_str(ra, "q1", 0);
    TU_ASSERT(!tu_wait_readable(rb, 0));

    /* rb answers a request it never got: discarded */
    send_reply(rb, "R", "bogus");
    tu_set_int(req, ZMQ_RCVTIMEO, 300);
    TU_ERR(zmq_recv(req, buf, sizeof buf, 0), EAGAIN);

    /* ra's reply is delivered */
    tu_set_int(req, ZMQ_RCVTIMEO, TU_TIMEOUT_MS);
    send_reply(ra, "R", "right");
    tu_recv_str(req, "right", 0);
    TU_ERR(zmq_recv(req, buf, sizeof buf, ZMQ_DONTWAIT), EFSM);

    /* next request goes to rb, and its reply is now the accepted one */
    tu_send_str(req, "q2", 0);
    tu_recv_str(rb, "R", 1);
    tu_recv_str(rb, "", 1);
    tu_recv_str(rb, "q2", 0);
    send_reply(ra, "R", "stale");
    send_reply(rb, "R", "second");
    tu_recv_str(req, "second", 0);

    TU_OK(zmq_close(req));
    TU_OK(zmq_close(ra));
    TU_OK(zmq_close(rb));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
