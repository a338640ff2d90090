/* A tcp bind to a port already in use fails with EADDRINUSE and the
 * monitor reports it: first CLOSED for the listening socket libzmq had
 * opened (empty endpoint), then BIND_FAILED (0x0010) with value
 * EADDRINUSE and, as endpoint, the address WITHOUT the "tcp://" prefix
 * ("127.0.0.1:PORT") — libzmq 4.3's exact strings. */
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
    void *ctx, *s, *other, *m;
    char ep[256], bare[256];
    TU_START();

    ctx = tu_ctx();
    other = tu_socket(ctx, ZMQ_PULL);
    tu_bind_any(other, "tcp", ep, sizeof ep);
    snprintf(bare, sizeof bare, "%s", ep + 6);

    s = tu_socket(ctx, ZMQ_PULL);
    m = nu_mon_start(ctx, s, ZMQ_EVENT_ALL);
    TU_ERR(zmq_bind(s, ep), EADDRINUSE);
    nu_mon_expect(m, ZMQ_EVENT_CLOSED, "");
    TU_EQ_INT(nu_mon_expect(m, ZMQ_EVENT_BIND_FAILED, bare), EADDRINUSE);

    TU_OK(zmq_socket_monitor(s, NULL, 0));
    TU_OK(zmq_close(m));
    TU_OK(zmq_close(s));
    TU_OK(zmq_close(other));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
