/* zmq_unbind of a tcp or ipc endpoint reports CLOSED (0x0080) with that
 * endpoint and, as value, the listening fd LISTENING reported. */
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
    void *ctx, *s, *m;
    char ep[256], ep2[256];
    uint32_t fd, fd2;
    TU_START();

    ctx = tu_ctx();
    s = tu_socket(ctx, ZMQ_ROUTER);
    m = nu_mon_start(ctx, s, ZMQ_EVENT_ALL);
    tu_bind_any(s, "tcp", ep, sizeof ep);
    fd = nu_mon_expect(m, ZMQ_EVENT_LISTENING, ep);
    tu_bind_any(s, "ipc", ep2, sizeof ep2);
    fd2 = nu_mon_expect(m, ZMQ_EVENT_LISTENING, ep2);

    TU_OK(zmq_unbind(s, ep));
    TU_EQ_INT(nu_mon_expect(m, ZMQ_EVENT_CLOSED, ep), fd);
    TU_OK(zmq_unbind(s, ep2));
    TU_EQ_INT(nu_mon_expect(m, ZMQ_EVENT_CLOSED, ep2), fd2);

    TU_OK(zmq_socket_monitor(s, NULL, 0));
    TU_OK(zmq_close(m));
    TU_OK(zmq_close(s));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
