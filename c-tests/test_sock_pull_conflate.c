/* ZMQ_CONFLATE on a PULL keeps only the newest message.
 *   inproc (the connecting PULL's option governs the connection): after the
 *   PUSH sends 1..10 the PULL receives exactly "10", then EAGAIN.
 *   tcp (PULL bound): what the PULL reads is a strictly increasing subset
 *   of 1..20 that ends with "20"; nothing follows. */
#include "testutil.h"

static void run_inproc(void)
{
    void *ctx, *push, *pull;
    char ep[256], buf[16];
    int i;

    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_set_int(pull, ZMQ_CONFLATE, 1);
    tu_bind_any(push, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(pull, ep));
    for (i = 1; i <= 10; i++) {
        snprintf(buf, sizeof buf, "%d", i);
        tu_send_str(push, buf, 0);
    }
    tu_recv_str(pull, "10", 0);
    TU_ERR(zmq_recv(pull, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
}

static void run_tcp(void)
{
    void *ctx, *push, *pull;
    char ep[256], buf[16];
    int i, last = 0;

    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_set_int(pull, ZMQ_CONFLATE, 1);
    tu_bind_any(pull, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));
    for (i = 1; i <= 20; i++) {
        snprintf(buf, sizeof buf, "%d", i);
        tu_send_str(push, buf, 0);
    }
    while (last != 20) {
        int rc = TU_OK(zmq_recv(pull, buf, sizeof buf - 1, 0));
        int v;
        buf[rc] = '\0';
        v = atoi(buf);
        TU_ASSERT_MSG(v > last && v <= 20, "got %d after %d", v, last);
        last = v;
    }
    TU_ASSERT(!tu_wait_readable(pull, 100));
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    run_inproc();
    run_tcp();
    return 0;
}
