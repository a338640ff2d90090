/* PAIR is exclusive: a bound PAIR keeps its first peer; a second PAIR's
 * connect succeeds but that connection is refused, so the bound PAIR never
 * receives the second PAIR's messages and sends only to the first.  inproc
 * and tcp. */
#include "testutil.h"

static void run(const char *transport)
{
    void *ctx, *bound, *p1, *p2;
    char ep[256], buf[32];

    ctx = tu_ctx();
    bound = tu_socket(ctx, ZMQ_PAIR);
    tu_bind_any(bound, transport, ep, sizeof ep);
    p1 = tu_socket(ctx, ZMQ_PAIR);
    TU_OK(zmq_connect(p1, ep));
    tu_send_str(p1, "first", 0);
    tu_recv_str(bound, "first", 0);

    p2 = tu_socket(ctx, ZMQ_PAIR);
    TU_OK(zmq_connect(p2, ep));
    (void)zmq_send(p2, "intruder", 8, ZMQ_DONTWAIT);

    tu_send_str(p1, "second", 0);
    tu_recv_str(bound, "second", 0);
    TU_ASSERT(!tu_wait_readable(bound, 200));

    tu_send_str(bound, "reply", 0);
    tu_recv_str(p1, "reply", 0);
    tu_set_int(p2, ZMQ_RCVTIMEO, 100);
    TU_ERR(zmq_recv(p2, buf, sizeof buf, 0), EAGAIN);

    TU_OK(zmq_close(p1));
    TU_OK(zmq_close(p2));
    TU_OK(zmq_close(bound));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    run("inproc");
    run("tcp");
    return 0;
}
