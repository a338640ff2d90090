/* When the server goes away, the connecting side reports DISCONNECTED
 * (value = the fd CONNECTED reported), then CONNECT_RETRIED (0x0004) whose
 * value is the delay before the next attempt: ZMQ_RECONNECT_IVL plus a
 * random jitter below it, so within [ivl, 2*ivl).  The following attempt
 * to the closed port goes CONNECT_DELAYED -> CLOSED -> CONNECT_RETRIED.
 * (Here RECONNECT_IVL is 50 ms.) */
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
    uint32_t fd, v;
    int i;
    TU_START();

    ctx = tu_ctx();
    srv = tu_socket(ctx, ZMQ_DEALER);
    cli = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(cli, ZMQ_RECONNECT_IVL, 50);
    tu_bind_any(srv, "tcp", ep, sizeof ep);
    m = nu_mon_start(ctx, cli, ZMQ_EVENT_ALL);
    TU_OK(zmq_connect(cli, ep));
    nu_mon_expect(m, ZMQ_EVENT_CONNECT_DELAYED, ep);
    fd = nu_mon_expect(m, ZMQ_EVENT_CONNECTED, ep);
    nu_mon_expect(m, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);

    TU_OK(zmq_close(srv));
    TU_EQ_INT(nu_mon_expect(m, ZMQ_EVENT_DISCONNECTED, ep), fd);
    v = nu_mon_expect(m, ZMQ_EVENT_CONNECT_RETRIED, NULL);
    TU_ASSERT_MSG(v >= 50 && v < 100, "retry delay %u", v);
    for (i = 0; i < 2; i++) {
        nu_mon_expect(m, ZMQ_EVENT_CONNECT_DELAYED, NULL);
        nu_mon_expect(m, ZMQ_EVENT_CLOSED, NULL);
        v = nu_mon_expect(m, ZMQ_EVENT_CONNECT_RETRIED, NULL);
        TU_ASSERT_MSG(v >= 50 && v < 100, "retry delay %u", v);
    }

    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(m));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
