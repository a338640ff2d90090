/* A STREAM socket does not drop at its high-water mark: when the peer's
 * queue is full (SNDHWM 1, small socket buffers, a raw client that does
 * not read) a non-blocking send of the id frame fails with EAGAIN.  Every
 * message accepted before reaches the client once it reads. */
#include "testutil.h"
#include "rawzmtp.h"

#define SIZE 65536

int main(void)
{
    void *ctx, *st;
    char ep[256];
    unsigned char id[256];
    static char buf[SIZE];
    size_t n;
    int fd, sent = 0, rc, small = 16384;
    size_t total;
    TU_START();

    ctx = tu_ctx();
    st = tu_socket(ctx, ZMQ_STREAM);
    tu_set_int(st, ZMQ_SNDHWM, 1);
    tu_set_int(st, ZMQ_SNDBUF, small);
    tu_bind_any(st, "tcp", ep, sizeof ep);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    TU_ASSERT(fd >= 0);
    TU_ASSERT(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small) == 0);
    {
        struct sockaddr_in a;
        memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        a.sin_port = htons((uint16_t)tu_tcp_port(ep));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        TU_ASSERT(connect(fd, (struct sockaddr *)&a, sizeof a) == 0);
    }
    TU_EQ_INT(stream_recv(st, id, buf, sizeof buf, &n), 5);

    memset(buf, 's', sizeof buf);
    for (;;) {
        rc = zmq_send(st, id, 5, ZMQ_SNDMORE | ZMQ_DONTWAIT);
        if (rc == -1) {
            TU_EQ_INT(zmq_errno(), EAGAIN);
            break;
        }
        TU_EQ_INT(rc, 5);
        TU_EQ_INT(zmq_send(st, buf, SIZE, ZMQ_DONTWAIT), SIZE);
        sent++;
        TU_ASSERT_MSG(sent < 1000, "never reached the HWM");
    }
    TU_ASSERT(sent > 0);

    total = (size_t)sent * SIZE;
    {
        static char in[SIZE];
        size_t got = 0;
        while (got < total) {
            size_t want = total - got < SIZE ? total - got : SIZE;
            raw_read_exact(fd, in, want);
            got += want;
        }
    }

    close(fd);
    TU_OK(zmq_close(st));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
