/* Endpoint strings across a reconnection when connecting by host name:
 * the first connection's events (CONNECT_DELAYED, CONNECTED,
 * HANDSHAKE_SUCCEEDED, and the DISCONNECTED when the server goes away)
 * carry the string given to zmq_connect, "tcp://localhost:PORT"; the
 * reconnection attempts that follow (CONNECT_RETRIED, CONNECT_DELAYED,
 * CLOSED) carry the resolved address, "tcp://127.0.0.1:PORT" — libzmq
 * 4.3 re-creates its connecter from the resolved address. */
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
    char ep[256], byname[256], numeric[256];
    TU_START();

    ctx = tu_ctx();
    srv = tu_socket(ctx, ZMQ_DEALER);
    cli = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(cli, ZMQ_RECONNECT_IVL, 50);
    tu_bind_any(srv, "tcp", ep, sizeof ep);
    snprintf(byname, sizeof byname, "tcp://localhost:%d", tu_tcp_port(ep));
    snprintf(numeric, sizeof numeric, "tcp://127.0.0.1:%d", tu_tcp_port(ep));
    m = nu_mon_start(ctx, cli, ZMQ_EVENT_ALL);
    TU_OK(zmq_connect(cli, byname));
    nu_mon_expect(m, ZMQ_EVENT_CONNECT_DELAYED, byname);
    nu_mon_expect(m, ZMQ_EVENT_CONNECTED, byname);
    nu_mon_expect(m, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, byname);

    TU_OK(zmq_close(srv));
    nu_mon_expect(m, ZMQ_EVENT_DISCONNECTED, byname);
    nu_mon_expect(m, ZMQ_EVENT_CONNECT_RETRIED, numeric);
    nu_mon_expect(m, ZMQ_EVENT_CONNECT_DELAYED, numeric);
    nu_mon_expect(m, ZMQ_EVENT_CLOSED, numeric);
    nu_mon_expect(m, ZMQ_EVENT_CONNECT_RETRIED, numeric);

    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(m));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
