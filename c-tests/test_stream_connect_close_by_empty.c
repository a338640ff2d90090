/* A connecting STREAM socket closes its connection to a raw TCP server by
 * sending [routing id, empty frame]: the server reads EOF (the test keeps
 * calling into the STREAM socket meanwhile, as libzmq completes the close
 * during such calls). */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *st;
    char ep[256];
    unsigned char id[256];
    char data[64];
    size_t n;
    int lfd, sfd, port;
    TU_START();

    ctx = tu_ctx();
    lfd = raw_listen(&port);
    st = tu_socket(ctx, ZMQ_STREAM);
    tu_set_int(st, ZMQ_RECONNECT_IVL, -1);
    snprintf(ep, sizeof ep, "tcp://127.0.0.1:%d", port);
    TU_OK(zmq_connect(st, ep));
    sfd = raw_accept(lfd);
    TU_EQ_INT(stream_recv(st, id, data, sizeof data, &n), 5);

    TU_EQ_INT(zmq_send(st, id, 5, ZMQ_SNDMORE), 5);
    TU_EQ_INT(zmq_send(st, NULL, 0, 0), 0);
    raw_expect_eof(sfd, st);

    close(sfd);
    close(lfd);
    TU_OK(zmq_close(st));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
