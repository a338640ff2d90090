/* Bind side of a tcp connection: LISTENING, then ACCEPTED (0x0020, value =
 * the accepted connection's fd, whose local port is the bound port), then
 * HANDSHAKE_SUCCEEDED (0x1000, value 0) once the ZMTP handshake is done.
 * All three carry the bound endpoint. */
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
    srv = tu_socket(ctx, ZMQ_REP);
    cli = tu_socket(ctx, ZMQ_REQ);
    m = nu_mon_start(ctx, srv, ZMQ_EVENT_ALL);
    tu_bind_any(srv, "tcp", ep, sizeof ep);
    nu_mon_expect(m, ZMQ_EVENT_LISTENING, ep);
    TU_OK(zmq_connect(cli, ep));

    fd = nu_mon_expect(m, ZMQ_EVENT_ACCEPTED, ep);
    TU_EQ_INT(fd_local_port((int)fd), tu_tcp_port(ep));
    TU_EQ_INT(nu_mon_expect(m, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep), 0);

    /* traffic produces no events */
    tu_send_str(cli, "q", 0);
    tu_recv_str(srv, "q", 0);
    tu_send_str(srv, "r", 0);
    tu_recv_str(cli, "r", 0);
    nu_mon_expect_none(m, 100);

    TU_OK(zmq_socket_monitor(srv, NULL, 0));
    TU_OK(zmq_close(m));
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
