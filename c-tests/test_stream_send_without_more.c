/* A STREAM socket treats the first frame of every message as the routing
 * id and the second as the data, whatever the flags: an id frame sent
 * WITHOUT ZMQ_SNDMORE is accepted (returns its size) but selects no peer,
 * so the frame after it is silently dropped (returns its size too).
 * Likewise ZMQ_SNDMORE on the data frame is ignored: the next frame is an
 * id again.  Well-formed messages then flow normally. */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *st;
    char ep[256];
    unsigned char id[256];
    char data[64];
    size_t n;
    int fd;
    struct pollfd p;
    TU_START();

    ctx = tu_ctx();
    st = tu_socket(ctx, ZMQ_STREAM);
    tu_bind_any(st, "tcp", ep, sizeof ep);
    fd = raw_connect(tu_tcp_port(ep));
    TU_EQ_INT(stream_recv(st, id, data, sizeof data, &n), 5);

    /* id without MORE, then a frame that goes nowhere */
    TU_EQ_INT(zmq_send(st, id, 5, 0), 5);
    TU_EQ_INT(zmq_send(st, "dropped", 7, 0), 7);

    /* data frame with MORE: the MORE is ignored */
    TU_EQ_INT(zmq_send(st, id, 5, ZMQ_SNDMORE), 5);
    TU_EQ_INT(zmq_send(st, "first", 5, ZMQ_SNDMORE), 5);
    stream_send(st, id, 5, "second", 6);

    raw_read_exact(fd, data, 11);
    TU_ASSERT_MSG(memcmp(data, "firstsecond", 11) == 0, "got '%.11s'", data);
    p.fd = fd;
    p.events = POLLIN;
    p.revents = 0;
    TU_EQ_INT(poll(&p, 1, 100), 0);

    close(fd);
    TU_OK(zmq_close(st));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
