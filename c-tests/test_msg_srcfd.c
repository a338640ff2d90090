/* zmq_msg_get(ZMQ_SRCFD) (deprecated) on a message received over tcp is
 * the file descriptor of the connection it came in on: for a bound PULL
 * that is an accepted socket whose local port is the bound port and whose
 * peer is the PUSH side.  Messages from inproc, and messages built
 * locally, have no source fd: -1 with EINVAL. */
#include "testutil.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

int main(void)
{
    void *ctx, *pull, *push, *ipull, *ipush;
    char ep[256];
    zmq_msg_t m;
    int fd;
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    TU_START();

    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    push = tu_socket(ctx, ZMQ_PUSH);
    tu_bind_any(pull, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "x", 0);
    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_recv(&m, pull, 0), 1);
    fd = zmq_msg_get(&m, ZMQ_SRCFD);
    TU_ASSERT_MSG(fd >= 0, "ZMQ_SRCFD %d", fd);
    TU_ASSERT_MSG(getsockname(fd, (struct sockaddr *)&a, &al) == 0,
                  "fd %d: %s", fd, strerror(errno));
    TU_EQ_INT(ntohs(a.sin_port), tu_tcp_port(ep));
    al = sizeof a;
    TU_ASSERT(getpeername(fd, (struct sockaddr *)&a, &al) == 0);
    TU_EQ_INT(ntohl(a.sin_addr.s_addr), INADDR_LOOPBACK);
    TU_OK(zmq_msg_close(&m));

    ipull = tu_socket(ctx, ZMQ_PULL);
    ipush = tu_socket(ctx, ZMQ_PUSH);
    tu_bind_any(ipull, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(ipush, ep));
    tu_send_str(ipush, "y", 0);
    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_recv(&m, ipull, 0), 1);
    errno = EAGAIN; /* the call must set errno itself */
    TU_ERR(zmq_msg_get(&m, ZMQ_SRCFD), EINVAL);
    TU_OK(zmq_msg_close(&m));

    TU_OK(zmq_msg_init_size(&m, 10));
    errno = EAGAIN;
    TU_ERR(zmq_msg_get(&m, ZMQ_SRCFD), EINVAL);
    TU_OK(zmq_msg_close(&m));

    TU_OK(zmq_close(pull));
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(ipull));
    TU_OK(zmq_close(ipush));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
