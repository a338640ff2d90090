/* REQ adds an empty delimiter frame in front of every request and strips it
 * from the reply: a ROUTER peer receives [routing-id, "", body...] and, when
 * it answers [routing-id, "", reply...], the REQ receives only the reply
 * frames (RCVMORE set on all but the last).  Checked over inproc and tcp. */
#include "testutil.h"

static void run(const char *transport)
{
    void *ctx, *req, *router;
    char ep[256], id[256];
    int idlen;

    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    req = tu_socket(ctx, ZMQ_REQ);
    tu_bind_any(router, transport, ep, sizeof ep);
    TU_OK(zmq_connect(req, ep));

    tu_send_str(req, "part1", ZMQ_SNDMORE);
    tu_send_str(req, "part2", 0);

    idlen = TU_OK(zmq_recv(router, id, sizeof id, 0));
    TU_EQ_INT(tu_get_int(router, ZMQ_RCVMORE), 1);
    tu_recv_str(router, "", 1);
    tu_recv_str(router, "part1", 1);
    tu_recv_str(router, "part2", 0);

    TU_EQ_INT(zmq_send(router, id, (size_t)idlen, ZMQ_SNDMORE), idlen);
    tu_send_str(router, "", ZMQ_SNDMORE);
    tu_send_str(router, "reply1", ZMQ_SNDMORE);
    tu_send_str(router, "reply2", 0);

    tu_recv_str(req, "reply1", 1);
    tu_recv_str(req, "reply2", 0);

    /* single-frame request: still exactly id, "", body */
    tu_send_str(req, "solo", 0);
    TU_EQ_INT(zmq_recv(router, id, sizeof id, 0), idlen);
    tu_recv_str(router, "", 1);
    tu_recv_str(router, "solo", 0);
    TU_EQ_INT(zmq_send(router, id, (size_t)idlen, ZMQ_SNDMORE), idlen);
    tu_send_str(router, "", ZMQ_SNDMORE);
    tu_send_str(router, "done", 0);
    tu_recv_str(req, "done", 0);

    TU_OK(zmq_close(req));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    run("inproc");
    run("tcp");
    return 0;
}
