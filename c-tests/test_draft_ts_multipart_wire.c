/* A multipart message arriving from the wire on a single-part DRAFT type
 * is dropped whole, as libzmq does: a raw ZMTP peer (plain BSD sockets)
 * posing as CLIENT, SCATTER or CHANNEL sends two multipart messages
 * between single-part ones to a SERVER, a GATHER and a CHANNEL; only the
 * single-part messages are received, in order. */
#include "testutil.h"
#include "rawzmtp.h"

/* A data frame (short form) with or without MORE. */
static void w_frame(int fd, const char *body, int more)
{
    unsigned char h[2];
    h[0] = more ? 0x01 : 0x00;
    h[1] = (unsigned char)strlen(body);
    w_send(fd, h, 2);
    w_send(fd, body, strlen(body));
}

static void run(void *ctx, int type, const char *peer_type)
{
    char ep[256];
    void *s = tu_socket(ctx, type);
    int fd;
    tu_bind_any(s, "tcp", ep, sizeof ep);
    fd = w_connect(ep);
    w_handshake(fd, peer_type);
    w_frame(fd, "one", 0);
    w_frame(fd, "m1", 1);
    w_frame(fd, "m2", 0);
    w_frame(fd, "two", 0);
    w_frame(fd, "n1", 1);
    w_frame(fd, "n2", 1);
    w_frame(fd, "n3", 0);
    w_frame(fd, "three", 0);
    tu_recv_str(s, "one", 0);
    tu_recv_str(s, "two", 0);
    tu_recv_str(s, "three", 0);
    TU_EQ_INT(tu_wait_readable(s, 0), 0);
    close(fd);
    TU_OK(zmq_close(s));
}

int main(void)
{
    void *ctx;
    TU_START();
    ctx = tu_ctx();
    run(ctx, ZMQ_SERVER, "CLIENT");
    run(ctx, ZMQ_GATHER, "SCATTER");
    run(ctx, ZMQ_CHANNEL, "CHANNEL");
    run(ctx, ZMQ_PEER, "PEER");
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
