/* Only the selected events are delivered: a monitor for ACCEPTED |
 * DISCONNECTED sees ACCEPTED first (no LISTENING, no
 * HANDSHAKE_SUCCEEDED), then DISCONNECTED, and stopping it sends nothing
 * (MONITOR_STOPPED not selected).  A monitor with mask 0 sees nothing. */
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
    void *ctx, *srv, *cli, *cli2, *m, *m2;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    srv = tu_socket(ctx, ZMQ_PULL);
    cli = tu_socket(ctx, ZMQ_PUSH);
    cli2 = tu_socket(ctx, ZMQ_PUSH);
    m = nu_mon_start(ctx, srv, ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED);
    m2 = nu_mon_start(ctx, cli2, 0);
    tu_bind_any(srv, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));
    nu_mon_expect(m, ZMQ_EVENT_ACCEPTED, ep);
    tu_send_str(cli, "x", 0);
    tu_recv_str(srv, "x", 0);
    TU_OK(zmq_close(cli));
    nu_mon_expect(m, ZMQ_EVENT_DISCONNECTED, ep);
    TU_OK(zmq_socket_monitor(srv, NULL, 0));
    nu_mon_expect_none(m, 100);

    TU_OK(zmq_connect(cli2, ep));
    tu_send_str(cli2, "y", 0);
    tu_recv_str(srv, "y", 0);
    nu_mon_expect_none(m2, 100);
    TU_OK(zmq_socket_monitor(cli2, NULL, 0));

    TU_OK(zmq_close(m));
    TU_OK(zmq_close(m2));
    TU_OK(zmq_close(cli2));
    TU_OK(zmq_close(srv));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
