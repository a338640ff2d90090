/* ZMQ_CONNECT_ROUTING_ID on a STREAM socket names the next outgoing
 * connection: the connect notification, incoming data and outgoing data
 * all use that id ("srv-A") instead of a generated 5-byte one; a second
 * connect without it gets a generated id again. */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *st;
    char ep[256];
    unsigned char id[256];
    char data[64];
    size_t n;
    int lfd, sfd, lfd2, sfd2, port, port2;
    TU_START();

    ctx = tu_ctx();
    lfd = raw_listen(&port);
    lfd2 = raw_listen(&port2);
    st = tu_socket(ctx, ZMQ_STREAM);
    TU_OK(zmq_setsockopt(st, ZMQ_CONNECT_ROUTING_ID, "srv-A", 5));
    snprintf(ep, sizeof ep, "tcp://127.0.0.1:%d", port);
    TU_OK(zmq_connect(st, ep));
    sfd = raw_accept(lfd);
    TU_EQ_INT(stream_recv(st, id, data, sizeof data, &n), 5);
    TU_ASSERT(memcmp(id, "srv-A", 5) == 0);
    TU_EQ_INT(n, 0);

    raw_write(sfd, "ping", 4);
    TU_EQ_INT(stream_recv(st, id, data, sizeof data, &n), 5);
    TU_ASSERT(memcmp(id, "srv-A", 5) == 0);
    TU_EQ_INT(n, 4);
    stream_send(st, (const unsigned char *)"srv-A", 5, "pong", 4);
    raw_read_exact(sfd, data, 4);
    TU_ASSERT(memcmp(data, "pong", 4) == 0);

    /* the option applies to one connect only */
    snprintf(ep, sizeof ep, "tcp://127.0.0.1:%d", port2);
    TU_OK(zmq_connect(st, ep));
    sfd2 = raw_accept(lfd2);
    TU_EQ_INT(stream_recv(st, id, data, sizeof data, &n), 5);
    TU_EQ_INT(id[0], 0);
    TU_EQ_INT(n, 0);

    close(sfd);
    close(sfd2);
    close(lfd);
    close(lfd2);
    TU_OK(zmq_close(st));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
