/* A ROUTER serving two DEALERs with user-set routing ids ("A", "B")
 * prefixes each incoming message with the sender's id and routes each
 * outgoing message to the peer named by its first frame: replies sent in
 * the opposite order still reach the right DEALER, and only it.  Over
 * inproc, tcp and ipc. */
#include "testutil.h"

static void run(const char *transport)
{
    void *ctx, *router, *da, *db;
    char ep[256], buf[64];
    int i, seen_a = 0, seen_b = 0;

    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_bind_any(router, transport, ep, sizeof ep);
    da = tu_socket(ctx, ZMQ_DEALER);
    db = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(da, ZMQ_ROUTING_ID, "A", 1));
    TU_OK(zmq_setsockopt(db, ZMQ_ROUTING_ID, "B", 1));
    TU_OK(zmq_connect(da, ep));
    TU_OK(zmq_connect(db, ep));

    tu_send_str(da, "from-A", 0);
    tu_send_str(db, "from-B", 0);
    for (i = 0; i < 2; i++) {
        int rc = TU_OK(zmq_recv(router, buf, sizeof buf - 1, 0));
        TU_EQ_INT(rc, 1);
        TU_EQ_INT(tu_get_int(router, ZMQ_RCVMORE), 1);
        if (buf[0] == 'A') {
            tu_recv_str(router, "from-A", 0);
            seen_a++;
        } else {
            TU_EQ_INT(buf[0], 'B');
            tu_recv_str(router, "from-B", 0);
            seen_b++;
        }
    }
    TU_ASSERT(seen_a == 1 && seen_b == 1);

    tu_send_str(router, "B", ZMQ_SNDMORE);
    tu_send_str(router, "to-B", 0);
    tu_send_str(router, "A", ZMQ_SNDMORE);
    tu_send_str(router, "to-A1", ZMQ_SNDMORE);
    tu_send_str(router, "to-A2", 0);

    tu_recv_str(db, "to-B", 0);
    tu_recv_str(da, "to-A1", 1);
    tu_recv_str(da, "to-A2", 0);
    TU_ASSERT(!tu_wait_readable(da, 50));
    TU_ASSERT(!tu_wait_readable(db, 0));

    TU_OK(zmq_close(da));
    TU_OK(zmq_close(db));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    run("inproc");
    run("tcp");
    run("ipc");
    return 0;
}
