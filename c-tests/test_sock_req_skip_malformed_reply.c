/* A REQ silently discards a reply that does not start with the empty
 * delimiter frame (here: a ROUTER answering over inproc without it, or with
 * a non-empty first frame) and keeps waiting for a well-formed one; the
 * malformed replies never reach the application. */
#include "testutil.h"

int main(void)
{
    void *ctx, *req, *router;
    char ep[256], id[256], buf[64];
    int idlen;
    TU_START();

    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    req = tu_socket(ctx, ZMQ_REQ);
    tu_bind_any(router, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(req, ep));

    tu_send_str(req, "question", 0);
    idlen = TU_OK(zmq_recv(router, id, sizeof id, 0));
    tu_recv_str(router, "", 1);
    tu_recv_str(router, "question", 0);

    /* [id, "bad1"]: no delimiter at all */
    TU_EQ_INT(zmq_send(router, id, (size_t)idlen, ZMQ_SNDMORE), idlen);
    tu_send_str(router, "bad1", 0);
    /* [id, "x", "bad2"]: first frame not empty */
    TU_EQ_INT(zmq_send(router, id, (size_t)idlen, ZMQ_SNDMORE), idlen);
    tu_send_str(router, "x", ZMQ_SNDMORE);
    tu_send_str(router, "bad2", 0);

    /* nothing acceptable yet */
    tu_set_int(req, ZMQ_RCVTIMEO, 200);
    TU_ERR(zmq_recv(req, buf, sizeof buf, 0), EAGAIN);
    TU_ERR(zmq_recv(req, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);

    /* the well-formed reply gets through */
    tu_set_int(req, ZMQ_RCVTIMEO, TU_TIMEOUT_MS);
    TU_EQ_INT(zmq_send(router, id, (size_t)idlen, ZMQ_SNDMORE), idlen);
    tu_send_str(router, "", ZMQ_SNDMORE);
    tu_send_str(router, "good", 0);
    tu_recv_str(req, "good", 0);

    /* and the REQ is back in the send state */
    TU_ERR(zmq_recv(req, buf, sizeof buf, ZMQ_DONTWAIT), EFSM);

    TU_OK(zmq_close(req));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
