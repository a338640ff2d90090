/* ZMQ_PRIORITY sets SO_PRIORITY on the tcp connections a bound socket
 * accepts; ZMQ_BUSY_POLL sets SO_BUSY_POLL on the tcp connections a
 * socket makes. Checked on the descriptors the monitor reports (ACCEPTED,
 * CONNECTED), once the handshake is done. libzmq built with CMake never
 * defines ZMQ_HAVE_SO_PRIORITY, so there ZMQ_PRIORITY has no effect: the
 * priority is checked on ferromq only. */
#include "testutil.h"
#include <sys/socket.h>

#ifndef SO_BUSY_POLL
#define SO_BUSY_POLL 46
#endif

static uint32_t wait_event(void *m, int want)
{
    zmq_msg_t f;
    for (;;) {
        uint16_t ev;
        uint32_t v;
        TU_OK(zmq_msg_init(&f));
        TU_ASSERT(zmq_msg_recv(&f, m, 0) == 6);
        memcpy(&ev, zmq_msg_data(&f), 2);
        memcpy(&v, (char *)zmq_msg_data(&f) + 2, 4);
        TU_ASSERT(zmq_msg_recv(&f, m, 0) >= 0);
        TU_OK(zmq_msg_close(&f));
        if (ev == want)
            return v;
    }
}

static void *monitor(void *ctx, void *s, int events)
{
    char ep[256];
    void *m;
    tu_inproc_endpoint(ep, sizeof ep);
    TU_OK(zmq_socket_monitor(s, ep, events));
    m = tu_socket(ctx, ZMQ_PAIR);
    TU_OK(zmq_connect(m, ep));
    return m;
}

int main(void)
{
    char ep[256];
    void *ctx, *router, *dealer, *rmon, *dmon;
    int fd, v;
    socklen_t len;
    TU_START();
    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    dealer = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(router, ZMQ_PRIORITY, 3);
    tu_set_int(dealer, ZMQ_BUSY_POLL, 25);
    rmon = monitor(ctx, router, ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    dmon = monitor(ctx, dealer, ZMQ_EVENT_CONNECTED | ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    tu_bind_any(router, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(dealer, ep));

    fd = (int)wait_event(rmon, ZMQ_EVENT_ACCEPTED);
    wait_event(rmon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    v = -1;
    len = sizeof v;
    TU_OK(getsockopt(fd, SOL_SOCKET, SO_PRIORITY, &v, &len));
    if (tu_lib_is_ferromq())
        TU_EQ_INT(v, 3);

    fd = (int)wait_event(dmon, ZMQ_EVENT_CONNECTED);
    wait_event(dmon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    v = -1;
    len = sizeof v;
    TU_OK(getsockopt(fd, SOL_SOCKET, SO_BUSY_POLL, &v, &len));
    TU_EQ_INT(v, 25);

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(router));
    TU_OK(zmq_close(rmon));
    TU_OK(zmq_close(dmon));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
