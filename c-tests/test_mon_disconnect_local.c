/* A connection the socket itself tears down is not reported to its own
 * monitor: after zmq_disconnect on the connecting side, its monitor gets
 * no DISCONNECTED (nor any other event), while the bind side, whose peer
 * went away, reports DISCONNECTED with the fd ACCEPTED reported.  (libzmq
 * finishes the teardown while the application calls into the socket, so
 * the test polls ZMQ_EVENTS on both sockets while waiting.) */
#include "testutil.h"
#include "netutil.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* Local / peer tcp port of a socket fd, -1 if it is not one. */
static TU_UNUSED int fd_local_port(int fd)
{
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    if (getsockname(fd, (struct sockaddr *)&a, &al) != 0 ||
        a.sin_family != AF_INET)
        return -1;
    return ntohs(a.sin_port);
}
static TU_UNUSED int fd_peer_port(int fd)
{
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    if (getpeername(fd, (struct sockaddr *)&a, &al) != 0 ||
        a.sin_family != AF_INET)
        return -1;
    return ntohs(a.sin_port);
}

int main(void)
{
    void *ctx, *srv, *cli, *ms, *mc;
    char ep[256];
    uint32_t fd, v;
    char got[256];
    int ev;
    int64_t deadline;
    TU_START();

    ctx = tu_ctx();
    srv = tu_socket(ctx, ZMQ_DEALER);
    cli = tu_socket(ctx, ZMQ_DEALER);
    ms = nu_mon_start(ctx, srv, ZMQ_EVENT_ALL);
    mc = nu_mon_start(ctx, cli, ZMQ_EVENT_ALL);
    tu_bind_any(srv, "tcp", ep, sizeof ep);
    nu_mon_expect(ms, ZMQ_EVENT_LISTENING, ep);
    TU_OK(zmq_connect(cli, ep));
    fd = nu_mon_expect(ms, ZMQ_EVENT_ACCEPTED, ep);
    nu_mon_expect(ms, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);
    nu_mon_expect(mc, ZMQ_EVENT_CONNECT_DELAYED, ep);
    nu_mon_expect(mc, ZMQ_EVENT_CONNECTED, ep);
    nu_mon_expect(mc, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);

    TU_OK(zmq_disconnect(cli, ep));
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    for (;;) {
        (void)tu_get_int(cli, ZMQ_EVENTS);
        (void)tu_get_int(srv, ZMQ_EVENTS);
        ev = nu_mon_read(ms, &v, got, sizeof got, 20);
        if (ev != -1)
            break;
        TU_ASSERT_MSG(tu_now_ms() < deadline, "no DISCONNECTED on the "
                                              "bind side");
    }
    TU_ASSERT_MSG(ev == ZMQ_EVENT_DISCONNECTED, "event 0x%04x '%s'",
                  (unsigned)ev, got);
    TU_EQ_STR(got, ep);
    TU_EQ_INT(v, fd);
    nu_mon_expect_none(mc, 200);

    TU_OK(zmq_socket_monitor(srv, NULL, 0));
    TU_OK(zmq_socket_monitor(cli, NULL, 0));
    TU_OK(zmq_close(ms));
    TU_OK(zmq_close(mc));
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
