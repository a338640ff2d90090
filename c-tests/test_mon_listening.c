/* ZMQ_EVENT_LISTENING (0x0008) is reported when a tcp or ipc bind
 * succeeds: its endpoint is the resolved endpoint (ZMQ_LAST_ENDPOINT) and
 * its value is the listening file descriptor (a socket in listen state on
 * the bound port).  The event is already queued when zmq_bind returns. */
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
    char ep[256];
    uint32_t fd;
    int accepting = 0;
    socklen_t len = sizeof accepting;
    TU_START();

    ctx = tu_ctx();
    s = tu_socket(ctx, ZMQ_PULL);
    m = nu_mon_start(ctx, s, ZMQ_EVENT_ALL);

    tu_bind_any(s, "tcp", ep, sizeof ep);
    TU_ASSERT(tu_wait_readable(m, 0));
    fd = nu_mon_expect(m, ZMQ_EVENT_LISTENING, ep);
    TU_ASSERT(getsockopt((int)fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting,
                         &len) == 0);
    TU_EQ_INT(accepting, 1);
    TU_EQ_INT(fd_local_port((int)fd), tu_tcp_port(ep));

    tu_bind_any(s, "ipc", ep, sizeof ep);
    fd = nu_mon_expect(m, ZMQ_EVENT_LISTENING, ep);
    len = sizeof accepting;
    accepting = 0;
    TU_ASSERT(getsockopt((int)fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting,
                         &len) == 0);
    TU_EQ_INT(accepting, 1);

    /* inproc binds produce no event */
    tu_bind_any(s, "inproc", ep, sizeof ep);
    nu_mon_expect_none(m, 100);

    TU_OK(zmq_socket_monitor(s, NULL, 0));
    TU_OK(zmq_close(m));
    TU_OK(zmq_close(s));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
