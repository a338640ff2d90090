/* RADIO at the high-water mark (inproc and tcp): by default it drops what
 * a slow DISH has no room for and never blocks (every send succeeds); with
 * ZMQ_XPUB_NODROP a send that would exceed the limit fails with EAGAIN
 * (ZMQ_DONTWAIT) and the DISH then gets every message sent. */
#include "rd_util.h"

static int drain_count(void *dish)
{
    int n = 0;
    zmq_msg_t m;
    TU_OK(zmq_msg_init(&m));
    for (;;) {
        zmq_pollitem_t it = {dish, 0, ZMQ_POLLIN, 0};
        if (zmq_poll(&it, 1, 200) <= 0)
            break;
        TU_ASSERT(zmq_msg_recv(&m, dish, 0) >= 0);
        n++;
    }
    TU_OK(zmq_msg_close(&m));
    return n;
}

static void run(void *ctx, const char *transport)
{
    char ep[256];
    int hwm = 5, one = 1, i, sent = 0, got;
    void *radio = tu_socket(ctx, ZMQ_RADIO);
    void *dish = tu_socket(ctx, ZMQ_DISH);
    TU_OK(zmq_setsockopt(radio, ZMQ_SNDHWM, &hwm, sizeof hwm));
    TU_OK(zmq_setsockopt(dish, ZMQ_RCVHWM, &hwm, sizeof hwm));
    tu_endpoint_for(transport, ep, sizeof ep);
    TU_OK(zmq_bind(dish, ep));
    if (strcmp(transport, "tcp") == 0)
        tu_last_endpoint(dish, ep, sizeof ep);
    TU_OK(zmq_join(dish, "g"));
    TU_OK(zmq_connect(radio, ep));
    rd_sync(radio, dish, "g");

    /* lossy: 10000 sends of 1000 bytes (more than the kernel buffers) all
     * succeed at once, the DISH gets fewer */
    for (i = 0; i < 10000; i++) {
        zmq_msg_t m;
        TU_OK(zmq_msg_init_size(&m, 1000));
        TU_OK(zmq_msg_set_group(&m, "g"));
        TU_EQ_INT(zmq_msg_send(&m, radio, ZMQ_DONTWAIT), 1000);
    }
    got = drain_count(dish);
    TU_ASSERT_MSG(got > 0 && got < 10000, "lossy RADIO delivered %d of 10000", got);

    /* NODROP: EAGAIN at the limit, nothing lost */
    TU_OK(zmq_setsockopt(radio, ZMQ_XPUB_NODROP, &one, sizeof one));
    for (i = 0; i < 10000; i++) {
        zmq_msg_t m;
        TU_OK(zmq_msg_init_size(&m, 1000));
        TU_OK(zmq_msg_set_group(&m, "g"));
        if (zmq_msg_send(&m, radio, ZMQ_DONTWAIT) < 0) {
            TU_EQ_INT(zmq_errno(), EAGAIN);
            TU_OK(zmq_msg_close(&m));
            break;
        }
        sent++;
    }
    TU_ASSERT_MSG(i < 10000, "NODROP RADIO never said EAGAIN");
    got = drain_count(dish);
    TU_EQ_INT(got, sent);

    TU_OK(zmq_close(radio));
    TU_OK(zmq_close(dish));
}

int main(void)
{
    void *ctx;
    TU_START();
    ctx = tu_ctx();
    run(ctx, "inproc");
    run(ctx, "tcp");
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
