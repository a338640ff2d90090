/* Connecting to a tcp port nobody listens on: zmq_connect succeeds and the
 * monitor shows the retry loop CONNECT_DELAYED (value EINPROGRESS) ->
 * CLOSED -> CONNECT_RETRIED (value within [ivl, 2*ivl)), repeated, all
 * with the endpoint as given; never CONNECTED. */
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
    void *ctx, *cli, *m;
    char ep[256];
    uint32_t v;
    int i;
    TU_START();

    tu_free_tcp_endpoint(ep, sizeof ep);
    ctx = tu_ctx();
    cli = tu_socket(ctx, ZMQ_PUSH);
    tu_set_int(cli, ZMQ_RECONNECT_IVL, 40);
    m = nu_mon_start(ctx, cli, ZMQ_EVENT_ALL);
    TU_OK(zmq_connect(cli, ep));
    for (i = 0; i < 3; i++) {
        TU_EQ_INT(nu_mon_expect(m, ZMQ_EVENT_CONNECT_DELAYED, ep), EINPROGRESS);
        nu_mon_expect(m, ZMQ_EVENT_CLOSED, ep);
        v = nu_mon_expect(m, ZMQ_EVENT_CONNECT_RETRIED, ep);
        TU_ASSERT_MSG(v >= 40 && v < 80, "retry delay %u", v);
    }

    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(m));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
