/* STREAM bound on tcp, raw TCP clients (plain BSD sockets) connecting:
 * with ZMQ_STREAM_NOTIFY on (the default) each new connection is announced
 * as a two-frame message [routing id, empty frame] (RCVMORE 1, then 0).
 * Routing ids are 5 bytes: 0x00 followed by a 32-bit big-endian counter,
 * so the second connection's id is the first one's plus one. */
#include "testutil.h"
#include "rawzmtp.h"

static uint32_t id_counter(const unsigned char *id)
{
    return ((uint32_t)id[1] << 24) | ((uint32_t)id[2] << 16) |
           ((uint32_t)id[3] << 8) | id[4];
}

int main(void)
{
    void *ctx, *st;
    char ep[256];
    unsigned char id1[256], id2[256];
    char data[16];
    size_t n;
    int fd1, fd2;
    TU_START();

    ctx = tu_ctx();
    st = tu_socket(ctx, ZMQ_STREAM);
    tu_bind_any(st, "tcp", ep, sizeof ep);

    fd1 = raw_connect(tu_tcp_port(ep));
    TU_EQ_INT(stream_recv(st, id1, data, sizeof data, &n), 5);
    TU_EQ_INT(n, 0);
    TU_EQ_INT(id1[0], 0);

    fd2 = raw_connect(tu_tcp_port(ep));
    TU_EQ_INT(stream_recv(st, id2, data, sizeof data, &n), 5);
    TU_EQ_INT(n, 0);
    TU_EQ_INT(id2[0], 0);
    TU_EQ_INT(id_counter(id2), (uint32_t)(id_counter(id1) + 1));

    /* nothing else is pending */
    TU_ERR(zmq_recv(st, data, sizeof data, ZMQ_DONTWAIT), EAGAIN);

    close(fd1);
    close(fd2);
    TU_OK(zmq_close(st));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
