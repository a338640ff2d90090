/* The REP envelope stack through two ROUTER/DEALER devices:
 *   REQ -> [ROUTER f1 | DEALER b1] -> [ROUTER f2 | DEALER b2] -> REP
 * Each ROUTER pushes one routing-id frame (f1 sees [idReq, "", body], f2
 * sees [idB1, idReq, "", body]); the REP sees only the body; on the way
 * back each ROUTER pops its frame and routes by it, so the REQ gets the
 * reply.  Forwarding is done frame by frame in this thread.  inproc. */
#include "testutil.h"

/* Forward one whole message from -> to; returns the number of frames. */
static int forward(void *from, void *to)
{
    int n = 0, more;
    do {
        zmq_msg_t m;
        TU_OK(zmq_msg_init(&m));
        TU_OK(zmq_msg_recv(&m, from, 0));
        more = zmq_msg_more(&m);
        TU_OK(zmq_msg_send(&m, to, more ? ZMQ_SNDMORE : 0));
        TU_OK(zmq_msg_close(&m));
        n++;
    } while (more);
    return n;
}

int main(void)
{
    void *ctx, *req, *f1, *b1, *f2, *b2, *rep;
    char ep1[256], ep2[256], ep3[256], frame[256];
    int round;
    TU_START();

    ctx = tu_ctx();
    f1 = tu_socket(ctx, ZMQ_ROUTER);
    b1 = tu_socket(ctx, ZMQ_DEALER);
    f2 = tu_socket(ctx, ZMQ_ROUTER);
    b2 = tu_socket(ctx, ZMQ_DEALER);
    req = tu_socket(ctx, ZMQ_REQ);
    rep = tu_socket(ctx, ZMQ_REP);
    tu_bind_any(f1, "inproc", ep1, sizeof ep1);
    tu_bind_any(f2, "inproc", ep2, sizeof ep2);
    tu_bind_any(b2, "inproc", ep3, sizeof ep3);
    TU_OK(zmq_setsockopt(req, ZMQ_ROUTING_ID, "client", 6));
    TU_OK(zmq_setsockopt(b1, ZMQ_ROUTING_ID, "hop1", 4));
    TU_OK(zmq_connect(req, ep1));
    TU_OK(zmq_connect(b1, ep2));
    TU_OK(zmq_connect(rep, ep3));

    for (round = 0; round < 3; round++) {
        char body[32], reply[32];
        snprintf(body, sizeof body, "hello-%d", round);
        snprintf(reply, sizeof reply, "world-%d", round);

        tu_send_str(req, body, 0);
        TU_EQ_INT(forward(f1, b1), 3); /* client, "", body */

        /* look at the stack f2 receives, then pass it on by hand */
        TU_EQ_INT(zmq_recv(f2, frame, sizeof frame, 0), 4);
        TU_ASSERT(memcmp(frame, "hop1", 4) == 0);
        tu_recv_str(f2, "client", 1);
        tu_recv_str(f2, "", 1);
        tu_recv_str(f2, body, 0);
        tu_send_str(b2, "hop1", ZMQ_SNDMORE);
        tu_send_str(b2, "client", ZMQ_SNDMORE);
        tu_send_str(b2, "", ZMQ_SNDMORE);
        tu_send_str(b2, body, 0);

        tu_recv_str(rep, body, 0);
        tu_send_str(rep, reply, 0);

        /* b2 gets the envelope back in front of the reply */
        tu_recv_str(b2, "hop1", 1);
        tu_recv_str(b2, "client", 1);
        tu_recv_str(b2, "", 1);
        tu_recv_str(b2, reply, 0);
        tu_send_str(f2, "hop1", ZMQ_SNDMORE);
        tu_send_str(f2, "client", ZMQ_SNDMORE);
        tu_send_str(f2, "", ZMQ_SNDMORE);
        tu_send_str(f2, reply, 0);

        TU_EQ_INT(forward(b1, f1), 3); /* client, "", reply */
        tu_recv_str(req, reply, 0);
    }

    TU_OK(zmq_close(req));
    TU_OK(zmq_close(f1));
    TU_OK(zmq_close(b1));
    TU_OK(zmq_close(f2));
    TU_OK(zmq_close(b2));
    TU_OK(zmq_close(rep));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
