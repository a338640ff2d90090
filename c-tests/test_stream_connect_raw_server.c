/* A STREAM socket connecting to a raw TCP server (socket/bind/listen/
 * accept): once the connection is up, the STREAM receives [routing id,
 * empty frame] (5-byte id, first byte 0); bytes the server writes arrive
 * as [id, data]; [id, data] sent by the STREAM reaches the server as the
 * raw bytes.  ZMQ_LAST_ENDPOINT is the endpoint connected to. */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *st;
    char ep[256], last[256];
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
    tu_last_endpoint(st, last, sizeof last);
    TU_EQ_STR(last, ep);
    sfd = raw_accept(lfd);

    TU_EQ_INT(stream_recv(st, id, data, sizeof data, &n), 5);
    TU_EQ_INT(n, 0);
    TU_EQ_INT(id[0], 0);

    raw_write(sfd, "greetings", 9);
    TU_EQ_INT(stream_recv(st, id2, data, sizeof data, &n), 5);
    TU_ASSERT(memcmp(id, id2, 5) == 0);
    TU_EQ_INT(n, 9);
    TU_ASSERT(memcmp(data, "greetings", 9) == 0);

    stream_send(st, id, 5, "reply", 5);
    raw_read_exact(sfd, data, 5);
    TU_ASSERT(memcmp(data, "reply", 5) == 0);

    close(sfd);
    close(lfd);
    TU_OK(zmq_close(st));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
