/* udp:// address forms (zmq_udp): a DISH bound on the wildcard `*:P`, on
 * an interface name `lo:P`, on IPv6 `[::1]:P` (with ZMQ_IPV6; skipped,
 * saying so, when the host has no ::1), multicast with an interface name
 * `lo;239.x.y.z:P`; a RADIO connected to the matching address delivers to
 * each. No monitor event is reported for udp endpoints (libzmq has none:
 * no listener, no connection). */
#include "rd_util.h"
#include "netutil.h"

static void pair(void *ctx, const char *bind_ep, const char *connect_ep, int ipv6)
{
    void *radio = tu_socket(ctx, ZMQ_RADIO);
    void *dish = tu_socket(ctx, ZMQ_DISH);
    if (ipv6) {
        tu_set_int(radio, ZMQ_IPV6, 1);
        tu_set_int(dish, ZMQ_IPV6, 1);
    }
    TU_OK(zmq_bind(dish, bind_ep));
    TU_OK(zmq_join(dish, "forms"));
    TU_OK(zmq_connect(radio, connect_ep));
    rd_sync(radio, dish, "forms");
    rd_send(radio, "forms", bind_ep);
    rd_expect(dish, "forms", bind_ep);
    TU_OK(zmq_close(radio));
    TU_OK(zmq_close(dish));
}

int main(void)
{
    char b[96], c[96];
    int port, fd;
    unsigned pid = (unsigned)getpid();
    void *ctx, *dish, *radio, *mon;
    TU_START();
    ctx = tu_ctx();

    port = rd_free_udp_port();
    snprintf(b, sizeof b, "udp://*:%d", port);
    snprintf(c, sizeof c, "udp://127.0.0.1:%d", port);
    pair(ctx, b, c, 0);

    port = rd_free_udp_port();
    snprintf(b, sizeof b, "udp://lo:%d", port);
    snprintf(c, sizeof c, "udp://127.0.0.1:%d", port);
    pair(ctx, b, c, 0);

    port = rd_free_udp_port();
    snprintf(b, sizeof b, "udp://lo;239.255.%u.%u:%d", (pid >> 8) & 255, pid & 255, port);
    pair(ctx, b, b, 0);

    fd = socket(AF_INET6, SOCK_DGRAM, 0);
    if (fd >= 0) {
        struct sockaddr_in6 a;
        memset(&a, 0, sizeof a);
        a.sin6_family = AF_INET6;
        a.sin6_addr = in6addr_loopback;
        if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0) {
            socklen_t l = sizeof a;
            TU_ASSERT(getsockname(fd, (struct sockaddr *)&a, &l) == 0);
            port = ntohs(a.sin6_port);
            close(fd);
            snprintf(b, sizeof b, "udp://[::1]:%d", port);
            pair(ctx, b, b, 1);
        } else {
            printf("SKIP: no ::1 here (%s)\n", strerror(errno));
            close(fd);
        }
    } else {
        printf("SKIP: no IPv6 here (%s)\n", strerror(errno));
    }

    /* no monitor events for udp endpoints */
    dish = tu_socket(ctx, ZMQ_DISH);
    radio = tu_socket(ctx, ZMQ_RADIO);
    mon = nu_mon_start(ctx, dish, ZMQ_EVENT_ALL);
    port = rd_free_udp_port();
    snprintf(b, sizeof b, "udp://127.0.0.1:%d", port);
    TU_OK(zmq_bind(dish, b));
    TU_OK(zmq_join(dish, "m"));
    TU_OK(zmq_connect(radio, b));
    rd_sync(radio, dish, "m");
    nu_mon_expect_none_(mon, 200, __LINE__);
    TU_OK(zmq_close(radio));
    TU_OK(zmq_close(dish));
    TU_OK(zmq_close(mon));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
