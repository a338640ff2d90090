/* When the peer of an accepted tcp connection closes, the bind side
 * reports DISCONNECTED (0x0200) with the bound endpoint and, as value, the
 * fd that ACCEPTED reported. */
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
    void *ctx, *srv, *cli, *m;
    char ep[256];
    uint32_t fd;
    TU_START();

    ctx = tu_ctx();
    srv = tu_socket(ctx, ZMQ_DEALER);
    cli = tu_socket(ctx, ZMQ_DEALER);
    m = nu_mon_start(ctx, srv, ZMQ_EVENT_ALL);
    tu_bind_any(srv, "tcp", ep, sizeof ep);
    nu_mon_expect(m, ZMQ_EVENT_LISTENING, ep);
    TU_OK(zmq_connect(cli, ep));
    fd = nu_mon_expect(m, ZMQ_EVENT_ACCEPTED, ep);
    nu_mon_expect(m, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);

    TU_OK(zmq_close(cli));
    TU_EQ_INT(nu_mon_expect(m, ZMQ_EVENT_DISCONNECTED, ep), fd);

    TU_OK(zmq_socket_monitor(srv, NULL, 0));
    TU_OK(zmq_close(m));
    TU_OK(zmq_close(srv));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
