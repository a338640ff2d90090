/* libzmq quirk a drop-in keeps: a STREAM socket stores each routing id it
 * generates for a new peer in its own ZMQ_ROUTING_ID option, so
 * getsockopt(ZMQ_ROUTING_ID) returns the 5-byte id of the most recently
 * connected peer (empty before any peer). */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *st;
    char ep[256];
    unsigned char id1[256], id2[256], opt[256];
    char data[16];
    size_t n, len;
    int fd1, fd2;
    TU_START();

    ctx = tu_ctx();
    st = tu_socket(ctx, ZMQ_STREAM);
    len = sizeof opt;
    TU_OK(zmq_getsockopt(st, ZMQ_ROUTING_ID, opt, &len));
    TU_EQ_INT(len, 0);
    tu_bind_any(st, "tcp", ep, sizeof ep);

    fd1 = raw_connect(tu_tcp_port(ep));
    TU_EQ_INT(stream_recv(st, id1, data, sizeof data, &n), 5);
    len = sizeof opt;
    TU_OK(zmq_getsockopt(st, ZMQ_ROUTING_ID, opt, &len));
    TU_EQ_INT(len, 5);
    TU_ASSERT(memcmp(opt, id1, 5) == 0);

    fd2 = raw_connect(tu_tcp_port(ep));
    TU_EQ_INT(stream_recv(st, id2, data, sizeof data, &n), 5);
    len = sizeof opt;
    TU_OK(zmq_getsockopt(st, ZMQ_ROUTING_ID, opt, &len));
    TU_EQ_INT(len, 5);
    TU_ASSERT(memcmp(opt, id2, 5) == 0);

    close(fd1);
    close(fd2);
    TU_OK(zmq_close(st));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
