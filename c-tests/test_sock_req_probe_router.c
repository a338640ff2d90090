/* ZMQ_PROBE_ROUTER on a REQ: when the connection is made the REQ sends one
 * empty message, which a ROUTER receives as [routing-id, ""] (two frames,
 * no delimiter added); afterwards ordinary requests work as usual. */
#include "testutil.h"

int main(void)
{
    void *ctx, *req, *router;
    char ep[256], buf[64];
    TU_START();

    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_bind_any(router, "tcp", ep, sizeof ep);

    req = tu_socket(ctx, ZMQ_REQ);
    TU_OK(zmq_setsockopt(req, ZMQ_ROUTING_ID, "probe", 5));
    tu_set_int(req, ZMQ_PROBE_ROUTER, 1);
    TU_OK(zmq_connect(req, ep));

    /* the probe, without sending anything */
    tu_recv_str(router, "probe", 1);
    tu_recv_str(router, "", 0);

    /* the REQ is still in its initial state */
    TU_ERR(zmq_recv(req, buf, sizeof buf, ZMQ_DONTWAIT), EFSM);
    tu_send_str(req, "request", 0);
    tu_recv_str(router, "probe", 1);
    tu_recv_str(router, "", 1);
    tu_recv_str(router, "request", 0);
    tu_send_str(router, "probe", ZMQ_SNDMORE);
    tu_send_str(router, "", ZMQ_SNDMORE);
    tu_send_str(router, "reply", 0);
    tu_recv_str(req, "reply", 0);

    TU_OK(zmq_close(req));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
