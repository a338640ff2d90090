/* A DISH that reconnects (its RADIO went away and a new one bound the same
 * tcp endpoint) joins its groups again on the new connection: the new
 * RADIO delivers the joined groups and only them. Groups joined while
 * disconnected are sent too. */
#include "rd_util.h"

int main(void)
{
    char ep[64];
    void *ctx, *radio, *dish;
    int ivl = 50;
    TU_START();
    ctx = tu_ctx();
    tu_free_tcp_endpoint(ep, sizeof ep);
    radio = tu_socket(ctx, ZMQ_RADIO);
    dish = tu_socket(ctx, ZMQ_DISH);
    TU_OK(zmq_setsockopt(dish, ZMQ_RECONNECT_IVL, &ivl, sizeof ivl));
    TU_OK(zmq_bind(radio, ep));
    TU_OK(zmq_join(dish, "a"));
    TU_OK(zmq_connect(dish, ep));
    rd_sync(radio, dish, "a");
    TU_OK(zmq_close(radio));

    TU_OK(zmq_join(dish, "b")); /* while the RADIO is gone */
    radio = tu_socket(ctx, ZMQ_RADIO);
    tu_bind_retry(radio, ep);
    rd_sync(radio, dish, "a");
    rd_sync(radio, dish, "b");
    rd_send(radio, "c", "not joined");
    rd_send(radio, "a", "one");
    rd_send(radio, "b", "two");
    rd_expect(dish, "a", "one");
    rd_expect(dish, "b", "two");
    rd_expect_none(dish);

    TU_OK(zmq_close(radio));
    TU_OK(zmq_close(dish));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
