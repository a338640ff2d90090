/* REP enforces recv/send alternation: send before any request fails with
 * EFSM, and so does a second recv before the reply is sent. */
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

    TU_ERR(zmq_send(rep, "x", 1, 0), EFSM);
    TU_ERR(zmq_send(rep, "x", 1, ZMQ_DONTWAIT), EFSM);

    tu_send_str(req, "q", 0);
    tu_recv_str(rep, "q", 0);
    TU_ERR(zmq_recv(rep, buf, sizeof buf, ZMQ_DONTWAIT), EFSM);
    tu_send_str(rep, "a", 0);
    TU_ERR(zmq_send(rep, "again", 5, 0), EFSM);
    tu_recv_str(req, "a", 0);

    TU_OK(zmq_close(req));
    TU_OK(zmq_close(rep));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
