/* 1 MiB written by a raw client arrives at the STREAM socket intact and in
 * order, as a sequence of [id, chunk] messages (chunk sizes are up to the
 * library); 1 MiB sent by the STREAM as one [id, data] message arrives at
 * the raw client intact. */
#include "testutil.h"
#include "rawzmtp.h"

#define BIG (1024 * 1024)

int main(void)
{
    void *ctx, *st;
    char ep[256];
    unsigned char id[256], id1[256];
    static unsigned char out[BIG], in[BIG];
    size_t n, got = 0, i;
    int fd;
    TU_START();

    for (i = 0; i < BIG; i++)
        out[i] = (unsigned char)(i * 7 + i / 251);

    ctx = tu_ctx();
    st = tu_socket(ctx, ZMQ_STREAM);
    tu_bind_any(st, "tcp", ep, sizeof ep);
    fd = raw_connect(tu_tcp_port(ep));
    TU_EQ_INT(stream_recv(st, id1, in, BIG, &n), 5);
    TU_EQ_INT(n, 0);

    raw_write(fd, out, BIG);
    while (got < BIG) {
        TU_EQ_INT(stream_recv(st, id, in + got, BIG - got, &n), 5);
        TU_ASSERT(memcmp(id, id1, 5) == 0);
        TU_ASSERT(n > 0);
        got += n;
    }
    TU_EQ_INT(got, BIG);
    TU_ASSERT(memcmp(in, out, BIG) == 0);

    memset(in, 0, BIG);
    stream_send(st, id1, 5, out, BIG);
    raw_read_exact(fd, in, BIG);
    TU_ASSERT(memcmp(in, out, BIG) == 0);

    close(fd);
    TU_OK(zmq_close(st));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
