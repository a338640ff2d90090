/* When a raw TCP client closes its connection, the bound STREAM socket
 * (ZMQ_STREAM_NOTIFY on, the default) receives [routing id, empty frame]
 * with that client's id, after any data the client sent before closing.
 * (Sending to that id afterwards is not checked: libzmq keeps accepting
 * and silently dropping such messages for a while.) */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *st;
    char ep[256];
    unsigned char id1[256], id[256];
    char data[64];
    size_t n;
    int fd1, idn;
    TU_START();

    ctx = tu_ctx();
    st = tu_socket(ctx, ZMQ_STREAM);
    tu_bind_any(st, "tcp", ep, sizeof ep);
    fd1 = raw_connect(tu_tcp_port(ep));
    TU_EQ_INT(stream_recv(st, id1, data, sizeof data, &n), 5);
    TU_EQ_INT(n, 0);
    /* data written just before the close still arrives first */
    raw_write(fd1, "bye", 3);
    close(fd1);
    TU_EQ_INT(stream_recv(st, id, data, sizeof data, &n), 5);
    TU_ASSERT(memcmp(id, id1, 5) == 0);
    TU_EQ_INT(n, 3);
    TU_ASSERT(memcmp(data, "bye", 3) == 0);
    idn = stream_recv(st, id, data, sizeof data, &n);
    TU_EQ_INT(idn, 5);
    TU_ASSERT(memcmp(id, id1, 5) == 0);
    TU_EQ_INT(n, 0);

    TU_OK(zmq_close(st));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
