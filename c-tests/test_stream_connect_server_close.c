/* A connecting STREAM socket is told when the raw TCP server closes the
 * connection: [routing id, empty frame] with the id of that connection.
 * (The server's listener is closed first, so the STREAM's reconnection
 * attempts are refused and announce nothing.) */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *st;
    char ep[256];
    unsigned char id[256], id2[256];
    char data[64];
    size_t n;
    int lfd, sfd, port;
    TU_START();

    ctx = tu_ctx();
    lfd = raw_listen(&port);
    st = tu_socket(ctx, ZMQ_STREAM);
    snprintf(ep, sizeof ep, "tcp://127.0.0.1:%d", port);
    TU_OK(zmq_connect(st, ep));
    sfd = raw_accept(lfd);
    TU_EQ_INT(stream_recv(st, id, data, sizeof data, &n), 5);
    TU_EQ_INT(n, 0);

    close(lfd);
    close(sfd);
    TU_EQ_INT(stream_recv(st, id2, data, sizeof data, &n), 5);
    TU_EQ_INT(n, 0);
    TU_ASSERT(memcmp(id, id2, 5) == 0);

    TU_OK(zmq_close(st));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
