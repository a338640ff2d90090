/* REP keeps the envelope: everything up to and including the first empty
 * frame of a request is stored, the application sees only the body, and the
 * stored envelope is put back in front of the reply.  A DEALER talking to a
 * REP directly sees [addr1, addr2, "", reply...].  Over inproc and tcp. */
#include "testutil.h"

static void run(const char *transport)
{
    void *ctx, *dealer, *rep;
    char ep[256];

    ctx = tu_ctx();
    rep = tu_socket(ctx, ZMQ_REP);
    dealer = tu_socket(ctx, ZMQ_DEALER);
    tu_bind_any(rep, transport, ep, sizeof ep);
    TU_OK(zmq_connect(dealer, ep));

    tu_send_str(dealer, "addr1", ZMQ_SNDMORE);
    tu_send_str(dealer, "addr2", ZMQ_SNDMORE);
    tu_send_str(dealer, "", ZMQ_SNDMORE);
    tu_send_str(dealer, "body1", ZMQ_SNDMORE);
    tu_send_str(dealer, "body2", 0);

    tu_recv_str(rep, "body1", 1);
    tu_recv_str(rep, "body2", 0);

    tu_send_str(rep, "reply1", ZMQ_SNDMORE);
    tu_send_str(rep, "reply2", 0);

    tu_recv_str(dealer, "addr1", 1);
    tu_recv_str(dealer, "addr2", 1);
    tu_recv_str(dealer, "", 1);
    tu_recv_str(dealer, "reply1", 1);
    tu_recv_str(dealer, "reply2", 0);

    /* an empty envelope (just the delimiter) works too */
    tu_send_str(dealer, "", ZMQ_SNDMORE);
    tu_send_str(dealer, "plain", 0);
    tu_recv_str(rep, "plain", 0);
    tu_send_str(rep, "answer", 0);
    tu_recv_str(dealer, "", 1);
    tu_recv_str(dealer, "answer", 0);

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(rep));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    run("inproc");
    run("tcp");
    return 0;
}
