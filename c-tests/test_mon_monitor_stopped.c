/* zmq_socket_monitor(s, NULL, 0) stops monitoring and, if
 * ZMQ_EVENT_MONITOR_STOPPED (0x0400) was selected, sends it last: value 0,
 * empty endpoint.  No event follows.  Starting a monitor on a new endpoint
 * while one is active replaces it: the old one gets MONITOR_STOPPED, the
 * new one gets the later events. */
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
    void *ctx, *s, *m, *m2;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    s = tu_socket(ctx, ZMQ_PUB);
    m = nu_mon_start(ctx, s, ZMQ_EVENT_ALL);
    tu_bind_any(s, "tcp", ep, sizeof ep);
    nu_mon_expect(m, ZMQ_EVENT_LISTENING, ep);

    m2 = nu_mon_start(ctx, s, ZMQ_EVENT_ALL);
    TU_EQ_INT(nu_mon_expect(m, ZMQ_EVENT_MONITOR_STOPPED, ""), 0);
    tu_bind_any(s, "tcp", ep, sizeof ep);
    nu_mon_expect(m2, ZMQ_EVENT_LISTENING, ep);
    nu_mon_expect_none(m, 100);

    TU_OK(zmq_socket_monitor(s, NULL, 0));
    TU_EQ_INT(nu_mon_expect(m2, ZMQ_EVENT_MONITOR_STOPPED, ""), 0);
    tu_bind_any(s, "tcp", ep, sizeof ep);
    nu_mon_expect_none(m2, 100);

    TU_OK(zmq_close(m));
    TU_OK(zmq_close(m2));
    TU_OK(zmq_close(s));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
