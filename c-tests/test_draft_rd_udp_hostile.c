/* A DISH on udp:// survives malformed datagrams from a raw UDP sender and
 * keeps receiving: empty datagrams, a group length past the end, a length
 * byte of 255 with 3 bytes behind it, garbage. On ferromq also a datagram
 * over 8192 bytes (dropped; libzmq truncates it) and a group length of
 * 200 (libzmq 4.3.5 reads the length as a signed char and aborts). Then a
 * well-formed datagram built by hand arrives, byte for byte. */
#include "rd_util.h"

static void raw_send(int fd, const struct sockaddr_in *to, const void *b, size_t n)
{
    TU_ASSERT(sendto(fd, b, n, 0, (const struct sockaddr *)to, sizeof *to) == (ssize_t)n);
}

int main(void)
{
    char ep[64];
    unsigned char buf[9000];
    struct sockaddr_in to;
    int port, fd, i;
    void *ctx, *dish;
    TU_START();
    ctx = tu_ctx();
    dish = tu_socket(ctx, ZMQ_DISH);
    port = rd_free_udp_port();
    snprintf(ep, sizeof ep, "udp://127.0.0.1:%d", port);
    TU_OK(zmq_bind(dish, ep));
    TU_OK(zmq_join(dish, "g"));
    TU_OK(zmq_join(dish, ""));
    fd = socket(AF_INET, SOCK_DGRAM, 0);
    TU_ASSERT(fd >= 0);
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_port = htons((unsigned short)port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    /* the DISH may bind asynchronously (libzmq): a valid datagram until
     * one arrives */
    {
        int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
        for (;;) {
            zmq_pollitem_t it = {dish, 0, ZMQ_POLLIN, 0};
            raw_send(fd, &to, "\1gsync", 6);
            if (zmq_poll(&it, 1, 20) > 0)
                break;
            if (tu_now_ms() > deadline)
                TU_FAIL("no datagram reached the DISH");
        }
        rd_drain(dish);
    }

    for (i = 0; i < 20; i++) {
        raw_send(fd, &to, "", 0);                 /* empty */
        raw_send(fd, &to, "\5gg", 3);             /* length past the end */
        raw_send(fd, &to, "\x7f" "abc", 4);       /* 127, 3 bytes follow */
        raw_send(fd, &to, "\x03gx", 3);           /* one byte short */
    }
    if (tu_lib_is_ferromq()) {
        memset(buf, 'x', sizeof buf);
        buf[0] = 1;
        buf[1] = 'g';
        raw_send(fd, &to, buf, sizeof buf);       /* over 8192 bytes */
        buf[0] = 200;
        raw_send(fd, &to, buf, 100);              /* 200, 99 bytes follow */
        raw_send(fd, &to, "\xff" "abc", 4);       /* 255, 3 bytes follow */
    }
    /* well-formed: 1-byte group "g", body "hello"; and group "" */
    raw_send(fd, &to, "\1ghello", 7);
    raw_send(fd, &to, "\0empty group", 12);
    rd_expect(dish, "g", "hello");
    rd_expect(dish, "", "empty group");
    rd_expect_none(dish);

    close(fd);
    TU_OK(zmq_close(dish));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
