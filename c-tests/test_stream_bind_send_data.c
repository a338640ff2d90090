/* A bound STREAM socket sends raw bytes to one client by sending
 * [routing id, data]: the client reads exactly the data bytes (no
 * framing), and only the addressed client gets them.  zmq_send returns the
 * sizes of both frames. */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *st;
    char ep[256];
    unsigned char id1[256], id2[256];
    char data[64];
    size_t n;
    int fd1, fd2;
    struct pollfd p;
    TU_START();

    ctx = tu_ctx();
    st = tu_socket(ctx, ZMQ_STREAM);
    tu_bind_any(st, "tcp", ep, sizeof ep);
    fd1 = raw_connect(tu_tcp_port(ep));
    TU_EQ_INT(stream_recv(st, id1, data, sizeof data, &n), 5);
    fd2 = raw_connect(tu_tcp_port(ep));
    TU_EQ_INT(stream_recv(st, id2, data, sizeof data, &n), 5);

    stream_send(st, id2, 5, "to-two", 6);
    stream_send(st, id1, 5, "to-one", 6);
    stream_send(st, id1, 5, "+more", 5);
    raw_read_exact(fd1, data, 11);
    TU_ASSERT(memcmp(data, "to-one+more", 11) == 0);
    raw_read_exact(fd2, data, 6);
    TU_ASSERT(memcmp(data, "to-two", 6) == 0);
    p.fd = fd2;
    p.events = POLLIN;
    p.revents = 0;
    TU_EQ_INT(poll(&p, 1, 50), 0);

    close(fd1);
    close(fd2);
    TU_OK(zmq_close(st));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
