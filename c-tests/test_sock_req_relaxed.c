/* ZMQ_REQ_RELAXED: a REQ may send a new request before the reply to the
 * previous one has arrived (no EFSM); the new request goes to the next
 * peer round-robin and only the reply from that peer is accepted, the
 * late reply from the first peer being discarded.  The pipe to the first
 * peer stays usable (libzmq issue #1690): round-robin comes back to it.
 * A recv before any send is still EFSM. */
#include "testutil.h"

#define N 3

int main(void)
{
    void *ctx, *req, *rep[N];
    char ep[N][256], buf[64];
    int i;
    TU_START();

    ctx = tu_ctx();
    req = tu_socket(ctx, ZMQ_REQ);
    tu_set_int(req, ZMQ_REQ_RELAXED, 1);
    for (i = 0; i < N; i++) {
        rep[i] = tu_socket(ctx, ZMQ_REP);
        tu_bind_any(rep[i], "inproc", ep[i], sizeof ep[i]);
    }
    for (i = 0; i < N; i++)
        TU_OK(zmq_connect(req, ep[i]));

    TU_ERR(zmq_recv(req, buf, sizeof buf, ZMQ_DONTWAIT), EFSM);

    tu_send_str(req, "A", 0);
    tu_recv_str(rep[0], "A", 0);
    /* second send without waiting for the reply */
    tu_send_str(req, "B", 0);
    tu_recv_str(rep[1], "B", 0);

    tu_send_str(rep[0], "late", 0);
    tu_send_str(rep[1], "ok", 0);
    tu_recv_str(req, "ok", 0);
    TU_ERR(zmq_recv(req, buf, sizeof buf, ZMQ_DONTWAIT), EFSM);

    /* an ordinary cycle with the third peer */
    tu_send_str(req, "C", 0);
    tu_recv_str(rep[2], "C", 0);
    tu_send_str(rep[2], "c1", ZMQ_SNDMORE);
    tu_send_str(rep[2], "c2", 0);
    tu_recv_str(req, "c1", 1);
    tu_recv_str(req, "c2", 0);

    /* round-robin wraps to rep[0]: its pipe was not closed */
    tu_send_str(req, "D", 0);
    tu_recv_str(rep[0], "D", 0);
    tu_send_str(rep[0], "d", 0);
    tu_recv_str(req, "d", 0);

    TU_OK(zmq_close(req));
    for (i = 0; i < N; i++)
        TU_OK(zmq_close(rep[i]));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
