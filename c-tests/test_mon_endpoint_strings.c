/* Endpoint strings in events, for a wildcard bind and a connect by host
 * name: bound to tcp://0.0.0.0:*, LISTENING (and CLOSED at unbind) carry
 * "tcp://0.0.0.0:PORT", while ACCEPTED and HANDSHAKE_SUCCEEDED carry the
 * connection's actual local address "tcp://127.0.0.1:PORT"; the side that
 * connected to "tcp://localhost:PORT" reports exactly that string. */
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
    char ep[256], local[256], byname[256];
    TU_START();

    ctx = tu_ctx();
    srv = tu_socket(ctx, ZMQ_DEALER);
    cli = tu_socket(ctx, ZMQ_DEALER);
    ms = nu_mon_start(ctx, srv, ZMQ_EVENT_ALL);
    mc = nu_mon_start(ctx, cli, ZMQ_EVENT_ALL);
    TU_OK(zmq_bind(srv, "tcp://0.0.0.0:*"));
    tu_last_endpoint(srv, ep, sizeof ep);
    TU_ASSERT_MSG(strncmp(ep, "tcp://0.0.0.0:", 14) == 0, "bound %s", ep);
    snprintf(local, sizeof local, "tcp://127.0.0.1:%d", tu_tcp_port(ep));
    snprintf(byname, sizeof byname, "tcp://localhost:%d", tu_tcp_port(ep));
    nu_mon_expect(ms, ZMQ_EVENT_LISTENING, ep);

    TU_OK(zmq_connect(cli, byname));
    nu_mon_expect(ms, ZMQ_EVENT_ACCEPTED, local);
    nu_mon_expect(ms, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, local);
    nu_mon_expect(mc, ZMQ_EVENT_CONNECT_DELAYED, byname);
    nu_mon_expect(mc, ZMQ_EVENT_CONNECTED, byname);
    nu_mon_expect(mc, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, byname);

    TU_OK(zmq_close(cli));
    nu_mon_expect(ms, ZMQ_EVENT_DISCONNECTED, local);
    TU_OK(zmq_unbind(srv, ep));
    nu_mon_expect(ms, ZMQ_EVENT_CLOSED, ep);

    TU_OK(zmq_socket_monitor(srv, NULL, 0));
    TU_OK(zmq_close(ms));
    TU_OK(zmq_close(mc));
    TU_OK(zmq_close(srv));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
