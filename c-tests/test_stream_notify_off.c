/* ZMQ_STREAM_NOTIFY=0: a STREAM socket announces neither connections nor
 * disconnections; the first message from a raw client is its data
 * [id, "abc"], and after the client closes nothing arrives.  Checked for
 * a bound STREAM (raw client connects) and a connecting STREAM (raw
 * server).  The absence of a notification is checked with a short bounded
 * wait (ordering across connections is not defined). */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *st, *st2;
    char ep[256];
    unsigned char id[256];
    char data[64];
    size_t n;
    int fd, lfd, sfd, port;
    TU_START();

    ctx = tu_ctx();

    /* bound STREAM */
    st = tu_socket(ctx, ZMQ_STREAM);
    tu_set_int(st, ZMQ_STREAM_NOTIFY, 0);
    tu_bind_any(st, "tcp", ep, sizeof ep);
    fd = raw_connect(tu_tcp_port(ep));
    raw_write(fd, "abc", 3);
    TU_EQ_INT(stream_recv(st, id, data, sizeof data, &n), 5);
    TU_EQ_INT(n, 3);
    TU_ASSERT(memcmp(data, "abc", 3) == 0);
    close(fd);
    TU_ASSERT(!tu_wait_readable(st, 300));
    TU_OK(zmq_close(st));

    /* connecting STREAM */
    lfd = raw_listen(&port);
    st2 = tu_socket(ctx, ZMQ_STREAM);
    tu_set_int(st2, ZMQ_STREAM_NOTIFY, 0);
    snprintf(ep, sizeof ep, "tcp://127.0.0.1:%d", port);
    TU_OK(zmq_connect(st2, ep));
    sfd = raw_accept(lfd);
    close(lfd); /* no reconnection once the server side closes */
    TU_ASSERT(!tu_wait_readable(st2, 300));
    raw_write(sfd, "xyz", 3);
    TU_EQ_INT(stream_recv(st2, id, data, sizeof data, &n), 5);
    TU_EQ_INT(n, 3);
    TU_ASSERT(memcmp(data, "xyz", 3) == 0);
    close(sfd);
    TU_ASSERT(!tu_wait_readable(st2, 300));
    TU_OK(zmq_close(st2));

    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
