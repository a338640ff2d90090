/* ZMQ_EVENTS on a DEALER follows the HWM: no POLLOUT without a peer,
 * POLLOUT once connected; while POLLOUT is reported a ZMQ_DONTWAIT send
 * succeeds, and when the queue is full (inproc, SNDHWM 1 + RCVHWM 1)
 * POLLOUT is gone and a send fails with EAGAIN; after the peer has read a
 * message POLLOUT comes back and sending works again. */
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
    void *ctx, *dealer, *peer;
    char ep[256], body[16];
    int n = 0, i;
    TU_START();

    ctx = tu_ctx();
    dealer = tu_socket(ctx, ZMQ_DEALER);
    peer = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(dealer, ZMQ_SNDHWM, 1);
    tu_set_int(peer, ZMQ_RCVHWM, 1);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_EVENTS), 0);

    tu_bind_any(peer, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(dealer, ep));
    TU_EQ_INT(wait_events(dealer, ZMQ_POLLOUT, ZMQ_POLLOUT), ZMQ_POLLOUT);

    while (tu_get_int(dealer, ZMQ_EVENTS) & ZMQ_POLLOUT) {
        snprintf(body, sizeof body, "m%d", n);
        tu_send_str(dealer, body, ZMQ_DONTWAIT);
        TU_ASSERT(++n < 100);
    }
    TU_ASSERT(n >= 1);
    TU_ERR(zmq_send(dealer, "x", 1, ZMQ_DONTWAIT), EAGAIN);

    tu_recv_str(peer, "m0", 0);
    TU_EQ_INT(wait_events(dealer, ZMQ_POLLOUT, ZMQ_POLLOUT), ZMQ_POLLOUT);
    tu_send_str(dealer, "after", ZMQ_DONTWAIT);
    for (i = 1; i < n; i++) {
        snprintf(body, sizeof body, "m%d", i);
        tu_recv_str(peer, body, 0);
    }
    tu_recv_str(peer, "after", 0);

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(peer));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
