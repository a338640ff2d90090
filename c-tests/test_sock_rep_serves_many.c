/* One REP serving several REQs: it receives the pending requests one at a
 * time (fair-queued) and each reply goes back to the REQ that sent the
 * request being answered, never to another.  Over inproc and tcp. */
#include "testutil.h"

#define N 3

static void run(const char *transport)
{
    void *ctx, *rep, *req[N];
    char ep[256], buf[64];
    int i, got[N];

    ctx = tu_ctx();
    rep = tu_socket(ctx, ZMQ_REP);
    tu_bind_any(rep, transport, ep, sizeof ep);
    for (i = 0; i < N; i++) {
        char body[16];
        req[i] = tu_socket(ctx, ZMQ_REQ);
        TU_OK(zmq_connect(req[i], ep));
        snprintf(body, sizeof body, "from-%d", i);
        tu_send_str(req[i], body, 0);
        got[i] = 0;
    }

    for (i = 0; i < N; i++) {
        int rc = TU_OK(zmq_recv(rep, buf, sizeof buf - 1, 0));
        int who;
        char reply[32];
        buf[rc] = '\0';
        TU_EQ_INT(tu_get_int(rep, ZMQ_RCVMORE), 0);
        TU_ASSERT_MSG(sscanf(buf, "from-%d", &who) == 1 && who >= 0 &&
                          who < N && !got[who],
                      "unexpected request \"%s\"", buf);
        got[who] = 1;
        snprintf(reply, sizeof reply, "to-%d", who);
        tu_send_str(rep, reply, 0);
    }
    for (i = 0; i < N; i++) {
        char reply[32];
        snprintf(reply, sizeof reply, "to-%d", i);
        tu_recv_str(req[i], reply, 0);
    }

    for (i = 0; i < N; i++)
        TU_OK(zmq_close(req[i]));
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
