/* Bytes written by a raw TCP client reach the bound STREAM socket as
 * [routing id, data]: the id is the one announced on connect, the data
 * frame holds the bytes (one write of a few bytes arrives as one frame).
 * Two clients' data carry their own ids. */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *st;
    char ep[256];
    unsigned char id1[256], id2[256], id[256];
    char data[64];
    size_t n;
    int fd1, fd2, idn;
    TU_START();

    ctx = tu_ctx();
    st = tu_socket(ctx, ZMQ_STREAM);
    tu_bind_any(st, "tcp", ep, sizeof ep);

    fd1 = raw_connect(tu_tcp_port(ep));
    TU_EQ_INT(stream_recv(st, id1, data, sizeof data, &n), 5);
    TU_EQ_INT(n, 0);
    fd2 = raw_connect(tu_tcp_port(ep));
    TU_EQ_INT(stream_recv(st, id2, data, sizeof data, &n), 5);
    TU_EQ_INT(n, 0);

    raw_write(fd1, "hello", 5);
    idn = stream_recv(st, id, data, sizeof data, &n);
    TU_EQ_INT(idn, 5);
    TU_ASSERT(memcmp(id, id1, 5) == 0);
    TU_EQ_INT(n, 5);
    TU_ASSERT(memcmp(data, "hello", 5) == 0);

    raw_write(fd2, "from two", 8);
    idn = stream_recv(st, id, data, sizeof data, &n);
    TU_EQ_INT(idn, 5);
    TU_ASSERT(memcmp(id, id2, 5) == 0);
    TU_EQ_INT(n, 8);
    TU_ASSERT(memcmp(data, "from two", 8) == 0);

    close(fd1);
    close(fd2);
    TU_OK(zmq_close(st));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
