/* REQ enforces send/recv alternation: recv before any send and a second
 * send before the reply both fail with EFSM, and the socket stays usable. */
#include "testutil.h"

int main(void)
{
    void *ctx, *req, *rep;
    char ep[256], buf[16];
    TU_START();

    ctx = tu_ctx();
    req = tu_socket(ctx, ZMQ_REQ);
    rep = tu_socket(ctx, ZMQ_REP);
    tu_bind_any(rep, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(req, ep));

    TU_ERR(zmq_recv(req, buf, sizeof buf, 0), EFSM);
    TU_ERR(zmq_recv(req, buf, sizeof buf, ZMQ_DONTWAIT), EFSM);

    tu_send_str(req, "one", 0);
    TU_ERR(zmq_send(req, "two", 3, 0), EFSM);
    TU_ERR(zmq_send(req, "two", 3, ZMQ_DONTWAIT), EFSM);

    /* the first request is still answered normally */
    tu_recv_str(rep, "one", 0);
    tu_send_str(rep, "reply", 0);
    tu_recv_str(req, "reply", 0);
    /* after the reply a new request is allowed; a second recv is not */
    TU_ERR(zmq_recv(req, buf, sizeof buf, 0), EFSM);
    tu_send_str(req, "three", 0);
    tu_recv_str(rep, "three", 0);

    TU_OK(zmq_close(req));
    TU_OK(zmq_close(rep));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
