/* Messages a STREAM socket receives from a raw TCP peer carry message
 * properties: "Peer-Address" is the peer's IP ("127.0.0.1"), on the id
 * frame and on the data frame, for the connect notification too; there is
 * no "Socket-Type" (no ZMTP handshake: NULL/EINVAL); ZMQ_SRCFD is the file
 * descriptor of the connection (its peer is the raw client's socket). */
#include "testutil.h"
#include "rawzmtp.h"

static void check_props(zmq_msg_t *m, int client_port)
{
    int fd;
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    TU_EQ_STR(zmq_msg_gets(m, "Peer-Address"), "127.0.0.1");
    TU_NULL_ERR(zmq_msg_gets(m, "Socket-Type"), EINVAL);
    fd = zmq_msg_get(m, ZMQ_SRCFD);
    TU_ASSERT(fd >= 0);
    TU_ASSERT_MSG(getpeername(fd, (struct sockaddr *)&a, &al) == 0,
                  "ZMQ_SRCFD %d is not a connected socket: %s", fd,
                  strerror(errno));
    TU_EQ_INT(ntohs(a.sin_port), client_port);
}

int main(void)
{
    void *ctx, *st;
    char ep[256];
    zmq_msg_t m;
    int fd, client_port, i;
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    TU_START();

    ctx = tu_ctx();
    st = tu_socket(ctx, ZMQ_STREAM);
    tu_bind_any(st, "tcp", ep, sizeof ep);
    fd = raw_connect(tu_tcp_port(ep));
    TU_ASSERT(getsockname(fd, (struct sockaddr *)&a, &al) == 0);
    client_port = ntohs(a.sin_port);

    /* notification [id, ""] */
    for (i = 0; i < 2; i++) {
        TU_OK(zmq_msg_init(&m));
        TU_OK(zmq_msg_recv(&m, st, 0));
        TU_EQ_INT(zmq_msg_more(&m), i == 0);
        check_props(&m, client_port);
        TU_OK(zmq_msg_close(&m));
    }
    raw_write(fd, "data", 4);
    for (i = 0; i < 2; i++) {
        TU_OK(zmq_msg_init(&m));
        TU_OK(zmq_msg_recv(&m, st, 0));
        TU_EQ_INT(zmq_msg_more(&m), i == 0);
        if (i == 1)
            TU_EQ_INT(zmq_msg_size(&m), 4);
        check_props(&m, client_port);
        TU_OK(zmq_msg_close(&m));
    }

    close(fd);
    TU_OK(zmq_close(st));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
