/* ZMQ_CONFLATE is accepted on any socket type (and read back as 1), but
 * libzmq applies it only to DEALER, PULL, PUSH, PUB and SUB: a PAIR (and a
 * REQ/REP pair) with CONFLATE 1 still delivers every message.  inproc, the
 * connecting socket having the option. */
#include "testutil.h"

int main(void)
{
    void *ctx, *a, *b, *req, *rep;
    char ep[256], ep2[256], buf[16];
    int i;
    TU_START();

    ctx = tu_ctx();
    a = tu_socket(ctx, ZMQ_PAIR);
    b = tu_socket(ctx, ZMQ_PAIR);
    tu_set_int(b, ZMQ_CONFLATE, 1);
    TU_EQ_INT(tu_get_int(b, ZMQ_CONFLATE), 1);
    tu_bind_any(a, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(b, ep));
    for (i = 1; i <= 5; i++) {
        snprintf(buf, sizeof buf, "%d", i);
        tu_send_str(a, buf, 0);
    }
    for (i = 1; i <= 5; i++) {
        snprintf(buf, sizeof buf, "%d", i);
        tu_recv_str(b, buf, 0);
    }

    req = tu_socket(ctx, ZMQ_REQ);
    rep = tu_socket(ctx, ZMQ_REP);
    tu_set_int(req, ZMQ_CONFLATE, 1);
    tu_set_int(rep, ZMQ_CONFLATE, 1);
    tu_bind_any(rep, "inproc", ep2, sizeof ep2);
    TU_OK(zmq_connect(req, ep2));
    tu_send_str(req, "a", ZMQ_SNDMORE);
    tu_send_str(req, "b", 0);
    tu_recv_str(rep, "a", 1);
    tu_recv_str(rep, "b", 0);
    tu_send_str(rep, "c", 0);
    tu_recv_str(req, "c", 0);

    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_close(req));
    TU_OK(zmq_close(rep));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
