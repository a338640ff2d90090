/* REQ/REP over tcp: REP binds, REQ connects, ten request/reply round trips
 * arrive intact and in order; then the roles swap ends (REQ binds, REP
 * connects) and it works the same. */
#include "testutil.h"

static void round_trips(void *req, void *rep)
{
    int i;
    for (i = 0; i < 10; i++) {
        char q[32], a[32];
        snprintf(q, sizeof q, "request %d", i);
        snprintf(a, sizeof a, "reply %d", i);
        tu_send_str(req, q, 0);
        tu_recv_str(rep, q, 0);
        tu_send_str(rep, a, 0);
        tu_recv_str(req, a, 0);
    }
}

int main(void)
{
    void *ctx, *req, *rep;
    char ep[256];
    TU_START();

    ctx = tu_ctx();

    rep = tu_socket(ctx, ZMQ_REP);
    req = tu_socket(ctx, ZMQ_REQ);
    tu_bind_any(rep, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(req, ep));
    round_trips(req, rep);
    TU_OK(zmq_close(req));
    TU_OK(zmq_close(rep));

    rep = tu_socket(ctx, ZMQ_REP);
    req = tu_socket(ctx, ZMQ_REQ);
    tu_bind_any(req, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(rep, ep));
    round_trips(req, rep);
    TU_OK(zmq_close(req));
    TU_OK(zmq_close(rep));

    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
