/* RADIO/DISH over tcp with CURVE (the RADIO is the server, then the DISH):
 * JOIN/LEAVE commands and group frames travel sealed; filtering and
 * leave work as in the clear. Skipped, saying so, without CURVE. */
#include "rd_util.h"

static void run(void *ctx, int radio_is_server)
{
    char pub_s[41], sec_s[41], pub_c[41], sec_c[41], ep[64];
    int one = 1;
    void *radio = tu_socket(ctx, ZMQ_RADIO);
    void *dish = tu_socket(ctx, ZMQ_DISH);
    void *server = radio_is_server ? radio : dish;
    void *client = radio_is_server ? dish : radio;
    TU_OK(zmq_curve_keypair(pub_s, sec_s));
    TU_OK(zmq_curve_keypair(pub_c, sec_c));
    TU_OK(zmq_setsockopt(server, ZMQ_CURVE_SERVER, &one, sizeof one));
    TU_OK(zmq_setsockopt(server, ZMQ_CURVE_SECRETKEY, sec_s, 40));
    TU_OK(zmq_setsockopt(client, ZMQ_CURVE_SERVERKEY, pub_s, 40));
    TU_OK(zmq_setsockopt(client, ZMQ_CURVE_PUBLICKEY, pub_c, 40));
    TU_OK(zmq_setsockopt(client, ZMQ_CURVE_SECRETKEY, sec_c, 40));
    tu_bind_tcp(server, ep, sizeof ep);
    TU_OK(zmq_join(dish, "a"));
    TU_OK(zmq_join(dish, "b"));
    TU_OK(zmq_connect(client, ep));
    rd_sync(radio, dish, "a");
    rd_sync(radio, dish, "b");
    rd_send(radio, "c", "not joined");
    rd_send(radio, "a", "sealed");
    rd_expect(dish, "a", "sealed");
    rd_expect_none(dish);
    TU_OK(zmq_leave(dish, "b"));
    rd_sync(radio, dish, "a");
    rd_send(radio, "b", "left");
    rd_send(radio, "a", "still");
    rd_expect(dish, "a", "still");
    rd_expect_none(dish);
    TU_OK(zmq_close(radio));
    TU_OK(zmq_close(dish));
}

int main(void)
{
    void *ctx;
    TU_START();
    if (!zmq_has("curve")) {
        printf("SKIP: no CURVE in this libzmq\n");
        return 0;
    }
    ctx = tu_ctx();
    run(ctx, 1);
    run(ctx, 0);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
