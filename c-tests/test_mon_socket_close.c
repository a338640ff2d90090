/* Closing a monitored socket: its tcp and ipc listeners are reported
 * CLOSED (one event each, with their endpoints), and finally
 * MONITOR_STOPPED (value 0, empty endpoint).  The socket's own accepted
 * connections are not reported DISCONNECTED. */
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
    void *ctx, *s, *cli, *m;
    char ep[256], ep2[256];
    int seen_tcp = 0, seen_ipc = 0, i;
    TU_START();

    ctx = tu_ctx();
    s = tu_socket(ctx, ZMQ_PULL);
    cli = tu_socket(ctx, ZMQ_PUSH);
    m = nu_mon_start(ctx, s, ZMQ_EVENT_ALL);
    tu_bind_any(s, "tcp", ep, sizeof ep);
    nu_mon_expect(m, ZMQ_EVENT_LISTENING, ep);
    tu_bind_any(s, "ipc", ep2, sizeof ep2);
    nu_mon_expect(m, ZMQ_EVENT_LISTENING, ep2);
    TU_OK(zmq_connect(cli, ep));
    nu_mon_expect(m, ZMQ_EVENT_ACCEPTED, ep);
    nu_mon_expect(m, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);

    TU_OK(zmq_close(s));
    for (i = 0; i < 2; i++) {
        uint32_t v;
        char got[256];
        int ev = nu_mon_read(m, &v, got, sizeof got, TU_TIMEOUT_MS);
        TU_ASSERT_MSG(ev == ZMQ_EVENT_CLOSED, "event 0x%04x '%s'",
                      (unsigned)ev, got);
        if (strcmp(got, ep) == 0)
            seen_tcp++;
        else if (strcmp(got, ep2) == 0)
            seen_ipc++;
        else
            TU_FAIL("CLOSED for '%s'", got);
    }
    TU_EQ_INT(seen_tcp, 1);
    TU_EQ_INT(seen_ipc, 1);
    TU_EQ_INT(nu_mon_expect(m, ZMQ_EVENT_MONITOR_STOPPED, ""), 0);

    TU_OK(zmq_close(m));
    TU_OK(zmq_close(cli));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
