/* PAIR carries multipart messages both ways unchanged (no envelope),
 * empty frames included, with RCVMORE on every frame but the last.  Over
 * inproc, ipc and tcp. */
#include "testutil.h"

static void run(const char *transport)
{
    void *ctx, *a, *b;
    char ep[256];

    ctx = tu_ctx();
    a = tu_socket(ctx, ZMQ_PAIR);
    b = tu_socket(ctx, ZMQ_PAIR);
    tu_bind_any(a, transport, ep, sizeof ep);
    TU_OK(zmq_connect(b, ep));

    tu_send_str(b, "x", ZMQ_SNDMORE);
    tu_send_str(b, "", ZMQ_SNDMORE);
    tu_send_str(b, "z", 0);
    tu_recv_str(a, "x", 1);
    tu_recv_str(a, "", 1);
    tu_recv_str(a, "z", 0);

    tu_send_str(a, "", ZMQ_SNDMORE);
    tu_send_str(a, "back", 0);
    tu_send_str(a, "single", 0);
    tu_recv_str(b, "", 1);
    tu_recv_str(b, "back", 0);
    tu_recv_str(b, "single", 0);

    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    run("inproc");
    run("ipc");
    run("tcp");
    return 0;
}
