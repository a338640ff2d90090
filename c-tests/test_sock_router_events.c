/* ZMQ_EVENTS of a ROUTER: a plain ROUTER always reports POLLOUT (it never
 * blocks on send), even with no peer.  With ROUTER_MANDATORY, POLLOUT means
 * "some peer's queue has room": none without peers, set once a peer is
 * attached, cleared when that peer's queue is full (inproc, SNDHWM 1 +
 * RCVHWM 1), set again once the peer reads. */
#include "testutil.h"

static int wait_events(void *s, int mask, int want)
{
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    int ev;
    for (;;) {
        ev = tu_get_int(s, ZMQ_EVENTS);
        if ((ev & mask) == want || tu_now_ms() > deadline)
            return ev & mask;
        tu_sleep_ms(2);
    }
}

int main(void)
{
    void *ctx, *plain, *router, *dealer;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    plain = tu_socket(ctx, ZMQ_ROUTER);
    TU_EQ_INT(tu_get_int(plain, ZMQ_EVENTS), ZMQ_POLLOUT);

    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_set_int(router, ZMQ_ROUTER_MANDATORY, 1);
    tu_set_int(router, ZMQ_SNDHWM, 1);
    TU_EQ_INT(tu_get_int(router, ZMQ_EVENTS), 0);
    tu_bind_any(router, "inproc", ep, sizeof ep);
    TU_EQ_INT(tu_get_int(router, ZMQ_EVENTS), 0);

    dealer = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(dealer, ZMQ_RCVHWM, 1);
    TU_OK(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, "D", 1));
    TU_OK(zmq_connect(dealer, ep));
    TU_EQ_INT(wait_events(router, ZMQ_POLLOUT, ZMQ_POLLOUT), ZMQ_POLLOUT);

    tu_send_str(router, "D", ZMQ_SNDMORE);
    tu_send_str(router, "1", 0);
    tu_send_str(router, "D", ZMQ_SNDMORE);
    tu_send_str(router, "2", 0);
    TU_EQ_INT(tu_get_int(router, ZMQ_EVENTS) & ZMQ_POLLOUT, 0);

    tu_recv_str(dealer, "1", 0);
    TU_EQ_INT(wait_events(router, ZMQ_POLLOUT, ZMQ_POLLOUT), ZMQ_POLLOUT);
    tu_recv_str(dealer, "2", 0);

    TU_OK(zmq_close(plain));
    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
