/* ZMQ_CONNECT_ROUTING_ID on a ROUTER names the peer of the next connect:
 * right after zmq_connect the ROUTER can address it by that name (the
 * message is queued until the connection is up), and replies from it
 * arrive under that name, whatever ROUTING_ID the peer announces.  The
 * name is used for one connect only: the next connection gets a generated
 * id (5 bytes, leading 0).  ROUTER to ROUTER over tcp and inproc. */
#include "testutil.h"

static void run(const char *transport, int named)
{
    void *ctx, *rbind, *rconn, *dealer;
    char ep[256], ep2[256], id[256];
    int idlen;

    ctx = tu_ctx();
    rbind = tu_socket(ctx, ZMQ_ROUTER);
    rconn = tu_socket(ctx, ZMQ_ROUTER);
    if (named) {
        TU_OK(zmq_setsockopt(rbind, ZMQ_ROUTING_ID, "X", 1));
        TU_OK(zmq_setsockopt(rconn, ZMQ_ROUTING_ID, "Y", 1));
    }
    tu_bind_any(rbind, transport, ep, sizeof ep);

    TU_OK(zmq_setsockopt(rconn, ZMQ_CONNECT_ROUTING_ID, "conn1", 5));
    TU_OK(zmq_connect(rconn, ep));
    tu_send_str(rconn, "conn1", ZMQ_SNDMORE);
    tu_send_str(rconn, "hi", 0);

    idlen = TU_OK(zmq_recv(rbind, id, sizeof id, 0));
    if (named) {
        TU_EQ_INT(idlen, 1);
        TU_EQ_INT(id[0], 'Y');
    } else {
        TU_EQ_INT(idlen, 5);
        TU_EQ_INT(id[0], 0);
    }
    tu_recv_str(rbind, "hi", 0);

    TU_EQ_INT(zmq_send(rbind, id, (size_t)idlen, ZMQ_SNDMORE), idlen);
    tu_send_str(rbind, "ok", 0);
    tu_recv_str(rconn, "conn1", 1);
    tu_recv_str(rconn, "ok", 0);

    /* the next connect does not reuse "conn1" */
    dealer = tu_socket(ctx, ZMQ_DEALER);
    tu_bind_any(dealer, transport, ep2, sizeof ep2);
    TU_OK(zmq_connect(rconn, ep2));
    tu_send_str(dealer, "from-dealer", 0);
    TU_EQ_INT(zmq_recv(rconn, id, sizeof id, 0), 5);
    TU_EQ_INT(id[0], 0);
    tu_recv_str(rconn, "from-dealer", 0);

    TU_OK(zmq_close(rbind));
    TU_OK(zmq_close(rconn));
    TU_OK(zmq_close(dealer));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    run("tcp", 0);
    run("tcp", 1);
    run("inproc", 0);
    run("inproc", 1);
    return 0;
}
