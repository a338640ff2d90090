/* DEALER load-balancing skips a peer whose queue is full.  Connected over
 * inproc to A and B (SNDHWM 1 / RCVHWM 1), sends with ZMQ_DONTWAIT
 * alternate A, B, A, B... until both are full (EAGAIN).  Then B reads
 * everything while A reads nothing: further sends all go to B (A is
 * skipped, not blocking the DEALER) until B is full again; A ends up with
 * exactly its share of the first round. */
#include "testutil.h"

static int fill(void *s, int from)
{
    char body[16];
    int n = 0;
    for (;;) {
        snprintf(body, sizeof body, "m%d", from + n);
        if (zmq_send(s, body, strlen(body), ZMQ_DONTWAIT) < 0)
            break;
        TU_ASSERT(++n < 100);
    }
    TU_EQ_INT(zmq_errno(), EAGAIN);
    return n;
}

int main(void)
{
    void *ctx, *dealer, *a, *b;
    char epa[256], epb[256], body[16];
    int n1, n2, i;
    TU_START();

    ctx = tu_ctx();
    dealer = tu_socket(ctx, ZMQ_DEALER);
    a = tu_socket(ctx, ZMQ_DEALER);
    b = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(dealer, ZMQ_SNDHWM, 1);
    tu_set_int(a, ZMQ_RCVHWM, 1);
    tu_set_int(b, ZMQ_RCVHWM, 1);
    tu_bind_any(a, "inproc", epa, sizeof epa);
    tu_bind_any(b, "inproc", epb, sizeof epb);
    TU_OK(zmq_connect(dealer, epa));
    TU_OK(zmq_connect(dealer, epb));

    n1 = fill(dealer, 0);
    TU_ASSERT_MSG(n1 >= 2 && n1 % 2 == 0, "first round took %d", n1);
    for (i = 1; i < n1; i += 2) {
        snprintf(body, sizeof body, "m%d", i);
        tu_recv_str(b, body, 0);
    }
    TU_ASSERT(!tu_wait_readable(b, 0));
    /* let the DEALER see B's read credits */
    (void)tu_get_int(dealer, ZMQ_EVENTS);

    n2 = fill(dealer, n1);
    TU_ASSERT(n2 >= 1);
    for (i = n1; i < n1 + n2; i++) {
        snprintf(body, sizeof body, "m%d", i);
        tu_recv_str(b, body, 0);
    }
    TU_ASSERT(!tu_wait_readable(b, 50));

    for (i = 0; i < n1; i += 2) {
        snprintf(body, sizeof body, "m%d", i);
        tu_recv_str(a, body, 0);
    }
    TU_ASSERT(!tu_wait_readable(a, 50));

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
