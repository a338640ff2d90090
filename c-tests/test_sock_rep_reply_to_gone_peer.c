/* A REP whose requester has gone away before the reply: the reply send
 * still succeeds (the message is dropped, as a ROUTER drops a message for
 * an unknown peer), and the REP is back in the receive state, serving the
 * next REQ normally. */
#include "testutil.h"

int main(void)
{
    void *ctx, *rep, *req1, *req2;
    char ep[256], buf[16];
    TU_START();

    ctx = tu_ctx();
    rep = tu_socket(ctx, ZMQ_REP);
    tu_bind_any(rep, "tcp", ep, sizeof ep);

    req1 = tu_socket(ctx, ZMQ_REQ);
    TU_OK(zmq_connect(req1, ep));
    tu_send_str(req1, "first", 0);
    tu_recv_str(rep, "first", 0);
    TU_OK(zmq_close(req1));
    tu_sleep_ms(50);

    tu_send_str(rep, "nobody-listens", 0);
    TU_ERR(zmq_send(rep, "again", 5, ZMQ_DONTWAIT), EFSM);

    req2 = tu_socket(ctx, ZMQ_REQ);
    TU_OK(zmq_connect(req2, ep));
    tu_send_str(req2, "second", 0);
    tu_recv_str(rep, "second", 0);
    tu_send_str(rep, "answer", 0);
    tu_recv_str(req2, "answer", 0);
    TU_ERR(zmq_recv(req2, buf, sizeof buf, ZMQ_DONTWAIT), EFSM);

    TU_OK(zmq_close(req2));
    TU_OK(zmq_close(rep));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
