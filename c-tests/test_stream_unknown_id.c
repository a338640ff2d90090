/* Sending to a routing id the STREAM socket does not know fails on the
 * first (id) frame with EHOSTUNREACH, with or without ZMQ_DONTWAIT; the
 * socket is not left in the middle of a message: a correct [id, data]
 * message right after is delivered. */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *st;
    char ep[256];
    unsigned char id[256];
    char data[64];
    size_t n;
    int fd;
    TU_START();

    ctx = tu_ctx();
    st = tu_socket(ctx, ZMQ_STREAM);
    tu_bind_any(st, "tcp", ep, sizeof ep);

    TU_ERR(zmq_send(st, "nobody", 6, ZMQ_SNDMORE), EHOSTUNREACH);
    TU_ERR(zmq_send(st, "\0\0\0\0\1", 5, ZMQ_SNDMORE | ZMQ_DONTWAIT),
           EHOSTUNREACH);

    fd = raw_connect(tu_tcp_port(ep));
    TU_EQ_INT(stream_recv(st, id, data, sizeof data, &n), 5);
    TU_ERR(zmq_send(st, "nobody", 6, ZMQ_SNDMORE), EHOSTUNREACH);
    stream_send(st, id, 5, "fine", 4);
    raw_read_exact(fd, data, 4);
    TU_ASSERT(memcmp(data, "fine", 4) == 0);

    close(fd);
    TU_OK(zmq_close(st));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
