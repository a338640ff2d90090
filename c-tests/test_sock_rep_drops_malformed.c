/* A REP silently drops a request that has no empty delimiter frame (a
 * DEALER sending ["nodelim"] or ["x", "y"]): the application never sees it
 * and the REP stays ready for the next, well-formed request, whose reply
 * goes back correctly.  Over inproc and tcp. */
#include "testutil.h"

static void run(const char *transport)
{
    void *ctx, *dealer, *rep;
    char ep[256], buf[64];

    ctx = tu_ctx();
    rep = tu_socket(ctx, ZMQ_REP);
    dealer = tu_socket(ctx, ZMQ_DEALER);
    tu_bind_any(rep, transport, ep, sizeof ep);
    TU_OK(zmq_connect(dealer, ep));

    tu_send_str(dealer, "nodelim", 0);
    tu_send_str(dealer, "x", ZMQ_SNDMORE);
    tu_send_str(dealer, "y", 0);

    /* wait until they have certainly arrived: a good request behind them */
    tu_send_str(dealer, "", ZMQ_SNDMORE);
    tu_send_str(dealer, "ok", 0);
    tu_recv_str(rep, "ok", 0);
    tu_send_str(rep, "fine", 0);
    tu_recv_str(dealer, "", 1);
    tu_recv_str(dealer, "fine", 0);

    tu_set_int(rep, ZMQ_RCVTIMEO, 100);
    TU_ERR(zmq_recv(rep, buf, sizeof buf, 0), EAGAIN);

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
