/* RADIO/DISH over udp:// unicast on 127.0.0.1: the DISH binds, the RADIO
 * connects; datagrams carry the group (exact-match filtering by the
 * DISH); a 127-byte group and a body near the 8192-byte datagram limit
 * arrive (255 bytes on ferromq only: libzmq aborts on a udp group of 128
 * bytes or more); ZMQ_LAST_ENDPOINT is the address without the scheme (libzmq);
 * zmq_disconnect takes the full endpoint (zmq_unbind too on ferromq;
 * libzmq's always fails). On ferromq, a message too large for
 * one datagram is dropped (libzmq 4.3.5 overruns its buffer there). */
#include "rd_util.h"

int main(void)
{
    char ep[64], last[64], want[64], g[256];
    char *big;
    int port;
    void *ctx, *radio, *dish;
    TU_START();
    ctx = tu_ctx();
    radio = tu_socket(ctx, ZMQ_RADIO);
    dish = tu_socket(ctx, ZMQ_DISH);
    port = rd_free_udp_port();
    snprintf(ep, sizeof ep, "udp://127.0.0.1:%d", port);
    snprintf(want, sizeof want, "127.0.0.1:%d", port);
    TU_OK(zmq_bind(dish, ep));
    tu_last_endpoint(dish, last, sizeof last);
    TU_EQ_STR(last, want);
    TU_OK(zmq_join(dish, "TV"));
    TU_OK(zmq_connect(radio, ep));
    tu_last_endpoint(radio, last, sizeof last);
    TU_EQ_STR(last, want);

    rd_sync(radio, dish, "TV");
    rd_send(radio, "Movies", "not joined");
    rd_send(radio, "T", "prefix");
    rd_send(radio, "TV", "Friends");
    rd_expect(dish, "TV", "Friends");
    rd_expect_none(dish);

    /* libzmq 4.3.5's udp receiver reads the length byte as a signed char
     * and aborts from 128 bytes on: 127 on both, 255 on ferromq */
    memset(g, 'g', 255);
    g[127] = '\0';
    TU_OK(zmq_join(dish, g));
    rd_send(radio, g, "long group");
    rd_expect(dish, g, "long group");
    if (tu_lib_is_ferromq()) {
        g[127] = 'g';
        g[255] = '\0';
        TU_OK(zmq_join(dish, g));
        rd_send(radio, g, "longest group");
        rd_expect(dish, g, "longest group");
    }

    /* 1 + 2 + 8189 = 8192 bytes: the largest datagram */
    big = malloc(8190);
    TU_ASSERT(big != NULL);
    memset(big, 'b', 8189);
    big[8189] = '\0';
    rd_send(radio, "TV", big);
    rd_expect(dish, "TV", big);
    if (tu_lib_is_ferromq()) {
        big = realloc(big, 8191);
        memset(big, 'b', 8190);
        big[8190] = '\0';
        rd_send(radio, "TV", big); /* 8193 bytes: dropped */
        rd_send(radio, "TV", "after");
        rd_expect(dish, "TV", "after");
    }
    free(big);

    TU_OK(zmq_leave(dish, "TV"));
    rd_send(radio, "TV", "left");
    TU_OK(zmq_join(dish, "Radio4"));
    rd_send(radio, "Radio4", "news");
    rd_expect(dish, "Radio4", "news");
    rd_expect_none(dish);

    /* the RADIO's endpoint is removed with its full name */
    TU_OK(zmq_disconnect(radio, ep));
    TU_ERR(zmq_disconnect(radio, ep), ENOENT);
    /* libzmq 4.3.5 files a udp bind under an empty name, so its zmq_unbind
     * always fails (ENOENT); ferromq unbinds it */
    if (tu_lib_is_ferromq()) {
        TU_OK(zmq_unbind(dish, ep));
        TU_ERR(zmq_unbind(dish, ep), ENOENT);
    } else {
        TU_ERR(zmq_unbind(dish, ep), ENOENT);
    }
    TU_OK(zmq_close(radio));
    TU_OK(zmq_close(dish));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
