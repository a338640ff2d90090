/* RADIO/DISH over udp:// multicast on the loopback interface: the DISH
 * binds udp://127.0.0.1;239.x.y.z:P (joins the group on lo), RADIOs
 * connect to the same (multicast out of lo). A second DISH bound to the same group and port gets them too. Multicast on
 * lo with an explicit interface needs no `ip link set lo multicast on`;
 * if the kernel refuses the membership, the test says so and skips.
 * (ZMQ_MULTICAST_LOOP cannot be seen on lo, which delivers whatever it
 * sends: a Rust unit test checks the socket option instead.) */
#include "rd_util.h"

int main(void)
{
    char ep[96];
    int port, hops = 2;
    unsigned pid;
    void *ctx, *radio, *dish, *dish2;
    TU_START();
    ctx = tu_ctx();
    pid = (unsigned)getpid();
    port = rd_free_udp_port();
    snprintf(ep, sizeof ep, "udp://127.0.0.1;239.255.%u.%u:%d", (pid >> 8) & 255,
             pid & 255, port);
    radio = tu_socket(ctx, ZMQ_RADIO);
    dish = tu_socket(ctx, ZMQ_DISH);
    dish2 = tu_socket(ctx, ZMQ_DISH);
    if (zmq_bind(dish, ep) != 0) {
        printf("SKIP: multicast bind refused: %s\n", zmq_strerror(zmq_errno()));
        return 0;
    }
    TU_OK(zmq_bind(dish2, ep));
    TU_OK(zmq_join(dish, "mc"));
    TU_OK(zmq_join(dish2, "mc"));
    TU_OK(zmq_setsockopt(radio, ZMQ_MULTICAST_HOPS, &hops, sizeof hops));
    TU_OK(zmq_connect(radio, ep));

    rd_sync(radio, dish, "mc");
    rd_sync(radio, dish2, "mc");
    rd_drain(dish); /* the second sync's markers */
    rd_send(radio, "other", "not joined");
    rd_send(radio, "mc", "hello");
    rd_expect(dish, "mc", "hello");
    rd_expect(dish2, "mc", "hello");
    rd_expect_none(dish);
    rd_expect_none(dish2);

    TU_OK(zmq_close(radio));
    TU_OK(zmq_close(dish));
    TU_OK(zmq_close(dish2));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
