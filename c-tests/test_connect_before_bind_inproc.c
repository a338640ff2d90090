/* inproc: connecting before the name is bound works; messages sent while
 * the bind is pending are delivered once the peer binds (PUSH connects
 * first and queues), and REQ/REP round trips work afterwards. */
#include "testutil.h"

int main(void)
{
    void *ctx, *push, *pull, *req, *rep;
    char ep[256], ep2[256];
    TU_START();

    ctx = tu_ctx();

    tu_inproc_endpoint(ep, sizeof ep);
    push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_connect(push, ep));
    /* the pending connection already accepts messages */
    tu_send_str(push, "early 1", 0);
    tu_send_str(push, "early 2", 0);
    pull = tu_socket(ctx, ZMQ_PULL);
    TU_OK(zmq_bind(pull, ep));
    tu_recv_str(pull, "early 1", 0);
    tu_recv_str(pull, "early 2", 0);
    tu_send_str(push, "late", 0);
    tu_recv_str(pull, "late", 0);

    tu_inproc_endpoint(ep2, sizeof ep2);
    req = tu_socket(ctx, ZMQ_REQ);
    TU_OK(zmq_connect(req, ep2));
    rep = tu_socket(ctx, ZMQ_REP);
    TU_OK(zmq_bind(rep, ep2));
    tu_send_str(req, "ping", 0);
    tu_recv_str(rep, "ping", 0);
    tu_send_str(rep, "pong", 0);
    tu_recv_str(req, "pong", 0);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_close(req));
    TU_OK(zmq_close(rep));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
