/* ROUTER_MANDATORY: the routing-id frame naming an unknown peer fails with
 * EHOSTUNREACH (blocking or ZMQ_DONTWAIT, at once), the failed message is
 * abandoned (the next frame sent starts a new message), and messages to a
 * known peer still go through intact. */
#include "testutil.h"

int main(void)
{
    void *ctx, *router, *dealer;
    char ep[256];
    int64_t t0;
    TU_START();

    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_set_int(router, ZMQ_ROUTER_MANDATORY, 1);
    tu_bind_any(router, "inproc", ep, sizeof ep);

    /* no peer at all yet */
    t0 = tu_now_ms();
    TU_ERR(zmq_send(router, "D", 1, ZMQ_SNDMORE), EHOSTUNREACH);
    TU_ERR(zmq_send(router, "D", 1, ZMQ_SNDMORE | ZMQ_DONTWAIT), EHOSTUNREACH);
    TU_ASSERT(tu_now_ms() - t0 < TU_PROMPT_MS);

    dealer = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, "D", 1));
    TU_OK(zmq_connect(dealer, ep));
    tu_send_str(dealer, "hello", 0);
    tu_recv_str(router, "D", 1);
    tu_recv_str(router, "hello", 0);

    TU_ERR(zmq_send(router, "nobody", 6, ZMQ_SNDMORE), EHOSTUNREACH);
    /* not in the middle of a message now: "D" is a routing id again */
    tu_send_str(router, "D", ZMQ_SNDMORE);
    tu_send_str(router, "part1", ZMQ_SNDMORE);
    tu_send_str(router, "part2", 0);
    tu_recv_str(dealer, "part1", 1);
    tu_recv_str(dealer, "part2", 0);
    TU_ASSERT(!tu_wait_readable(dealer, 50));

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
