/* Connect side of a tcp connection: CONNECT_DELAYED (0x0002, value =
 * EINPROGRESS, the non-blocking connect in progress), CONNECTED (0x0001,
 * value = the connection's fd, whose peer port is the server's port),
 * HANDSHAKE_SUCCEEDED (0x1000, value 0); every event carries the endpoint
 * string as passed to zmq_connect.  Over ipc the connect completes at once:
 * CONNECTED then HANDSHAKE_SUCCEEDED, no CONNECT_DELAYED. */
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
    void *ctx, *srv, *cli, *m, *isrv, *icli;
    char ep[256];
    uint32_t fd;
    TU_START();

    ctx = tu_ctx();
    srv = tu_socket(ctx, ZMQ_PULL);
    cli = tu_socket(ctx, ZMQ_PUSH);
    tu_bind_any(srv, "tcp", ep, sizeof ep);
    m = nu_mon_start(ctx, cli, ZMQ_EVENT_ALL);
    TU_OK(zmq_connect(cli, ep));
    TU_EQ_INT(nu_mon_expect(m, ZMQ_EVENT_CONNECT_DELAYED, ep), EINPROGRESS);
    fd = nu_mon_expect(m, ZMQ_EVENT_CONNECTED, ep);
    TU_EQ_INT(fd_peer_port((int)fd), tu_tcp_port(ep));
    TU_EQ_INT(nu_mon_expect(m, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep), 0);
    TU_OK(zmq_socket_monitor(cli, NULL, 0));
    TU_OK(zmq_close(m));

    isrv = tu_socket(ctx, ZMQ_PULL);
    icli = tu_socket(ctx, ZMQ_PUSH);
    tu_bind_any(isrv, "ipc", ep, sizeof ep);
    m = nu_mon_start(ctx, icli, ZMQ_EVENT_ALL);
    TU_OK(zmq_connect(icli, ep));
    nu_mon_expect(m, ZMQ_EVENT_CONNECTED, ep);
    TU_EQ_INT(nu_mon_expect(m, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep), 0);
    TU_OK(zmq_socket_monitor(icli, NULL, 0));
    TU_OK(zmq_close(m));

    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
    TU_OK(zmq_close(icli));
    TU_OK(zmq_close(isrv));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
