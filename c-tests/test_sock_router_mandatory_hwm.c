/* ROUTER_MANDATORY at the high-water mark: when the named peer's queue is
 * full, the routing-id frame fails with EAGAIN (at once with ZMQ_DONTWAIT;
 * after SNDTIMEO for a blocking send) instead of the message being dropped.
 * Over inproc with ROUTER SNDHWM 1 and DEALER RCVHWM 1, exactly two
 * messages fit.  Once the DEALER reads, a blocking send goes through, and
 * nothing was lost. */
#include "testutil.h"

int main(void)
{
    void *ctx, *router, *dealer;
    char ep[256], body[16];
    int n = 0, i;
    int64_t t0, dt;
    TU_START();

    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_set_int(router, ZMQ_ROUTER_MANDATORY, 1);
    tu_set_int(router, ZMQ_SNDHWM, 1);
    tu_bind_any(router, "inproc", ep, sizeof ep);
    dealer = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(dealer, ZMQ_RCVHWM, 1);
    TU_OK(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, "X", 1));
    TU_OK(zmq_connect(dealer, ep));
    tu_send_str(dealer, "hello", 0);
    tu_recv_str(router, "X", 1);
    tu_recv_str(router, "hello", 0);

    for (;;) {
        int rc = zmq_send(router, "X", 1, ZMQ_SNDMORE | ZMQ_DONTWAIT);
        if (rc == -1) {
            TU_EQ_INT(zmq_errno(), EAGAIN);
            break;
        }
        snprintf(body, sizeof body, "m%d", n);
        tu_send_str(router, body, ZMQ_DONTWAIT);
        TU_ASSERT(++n < 100);
    }
    TU_EQ_INT(n, 2);

    tu_set_int(router, ZMQ_SNDTIMEO, 150);
    t0 = tu_now_ms();
    TU_ERR(zmq_send(router, "X", 1, ZMQ_SNDMORE), EAGAIN);
    dt = tu_now_ms() - t0;
    TU_ASSERT_MSG(dt >= 120 && dt < 5000, "blocked %lld ms", (long long)dt);

    tu_recv_str(dealer, "m0", 0);
    tu_set_int(router, ZMQ_SNDTIMEO, TU_TIMEOUT_MS);
    tu_send_str(router, "X", ZMQ_SNDMORE);
    tu_send_str(router, "m2", 0);
    for (i = 1; i <= 2; i++) {
        snprintf(body, sizeof body, "m%d", i);
        tu_recv_str(dealer, body, 0);
    }
    TU_ASSERT(!tu_wait_readable(dealer, 50));

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
