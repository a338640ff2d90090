/* Only the first empty frame is the envelope delimiter: empty frames
 * inside a REQ's request body reach the REP unchanged (["", "a", "", "b"]
 * -> "", "a", "", "b"), and empty frames inside the REP's reply reach the
 * REQ unchanged, including a reply that starts with an empty frame and an
 * all-empty single-frame reply.  inproc and tcp. */
#include "testutil.h"

static void run(const char *transport)
{
    void *ctx, *req, *rep;
    char ep[256];

    ctx = tu_ctx();
    rep = tu_socket(ctx, ZMQ_REP);
    req = tu_socket(ctx, ZMQ_REQ);
    tu_bind_any(rep, transport, ep, sizeof ep);
    TU_OK(zmq_connect(req, ep));

    tu_send_str(req, "", ZMQ_SNDMORE);
    tu_send_str(req, "a", ZMQ_SNDMORE);
    tu_send_str(req, "", ZMQ_SNDMORE);
    tu_send_str(req, "b", 0);
    tu_recv_str(rep, "", 1);
    tu_recv_str(rep, "a", 1);
    tu_recv_str(rep, "", 1);
    tu_recv_str(rep, "b", 0);

    tu_send_str(rep, "", ZMQ_SNDMORE);
    tu_send_str(rep, "x", ZMQ_SNDMORE);
    tu_send_str(rep, "", 0);
    tu_recv_str(req, "", 1);
    tu_recv_str(req, "x", 1);
    tu_recv_str(req, "", 0);

    tu_send_str(req, "", 0);
    tu_recv_str(rep, "", 0);
    tu_send_str(rep, "", 0);
    tu_recv_str(req, "", 0);

    TU_OK(zmq_close(req));
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
