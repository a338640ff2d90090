/* A peer of an incompatible socket type (PAIR connecting to a DEALER) is
 * refused after the greeting: the bind side reports ACCEPTED and then
 * DISCONNECTED, with no HANDSHAKE_SUCCEEDED and no HANDSHAKE_FAILED_*
 * event; the connecting PAIR reports CONNECTED and then DISCONNECTED, and
 * does not try again (no CONNECT_RETRIED). */
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
    TU_START();

    ctx = tu_ctx();
    srv = tu_socket(ctx, ZMQ_DEALER);
    cli = tu_socket(ctx, ZMQ_PAIR);
    tu_set_int(cli, ZMQ_RECONNECT_IVL, 20);
    ms = nu_mon_start(ctx, srv, ZMQ_EVENT_ALL);
    mc = nu_mon_start(ctx, cli, ZMQ_EVENT_ALL);
    tu_bind_any(srv, "tcp", ep, sizeof ep);
    nu_mon_expect(ms, ZMQ_EVENT_LISTENING, ep);
    TU_OK(zmq_connect(cli, ep));

    nu_mon_expect(ms, ZMQ_EVENT_ACCEPTED, ep);
    nu_mon_expect(ms, ZMQ_EVENT_DISCONNECTED, ep);
    nu_mon_expect_none(ms, 200);

    nu_mon_expect(mc, ZMQ_EVENT_CONNECT_DELAYED, ep);
    nu_mon_expect(mc, ZMQ_EVENT_CONNECTED, ep);
    nu_mon_expect(mc, ZMQ_EVENT_DISCONNECTED, ep);
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
