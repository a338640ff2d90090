/* zmq_recv into a buffer smaller than the frame returns the full frame size
 * and copies only len bytes (the rest of the buffer is untouched); the
 * remainder of the frame is discarded, and the next recv gets the next
 * frame. */
#include "testutil.h"

int main(void)
{
    void *ctx, *a, *b;
    char ep[256], buf[16];
    TU_START();

    ctx = tu_ctx();
    a = tu_socket(ctx, ZMQ_PAIR);
    b = tu_socket(ctx, ZMQ_PAIR);
    tu_bind_any(b, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(a, ep));

    tu_send_str(a, "0123456789", 0);
    tu_send_str(a, "next", 0);

    memset(buf, '#', sizeof buf);
    TU_EQ_INT(zmq_recv(b, buf, 4, 0), 10);
    TU_ASSERT(memcmp(buf, "0123", 4) == 0);
    TU_ASSERT(buf[4] == '#' && buf[15] == '#');

    memset(buf, '#', sizeof buf);
    TU_EQ_INT(zmq_recv(b, buf, sizeof buf, 0), 4);
    TU_ASSERT(memcmp(buf, "next", 4) == 0);
    TU_ASSERT(buf[4] == '#');

    /* same over tcp with a large frame */
    {
        void *c = tu_socket(ctx, ZMQ_PAIR), *d = tu_socket(ctx, ZMQ_PAIR);
        char big[5000];
        memset(big, 'b', sizeof big);
        tu_bind_any(d, "tcp", ep, sizeof ep);
        TU_OK(zmq_connect(c, ep));
        TU_EQ_INT(zmq_send(c, big, sizeof big, 0), 5000);
        memset(buf, '#', sizeof buf);
        TU_EQ_INT(zmq_recv(d, buf, 8, 0), 5000);
        TU_ASSERT(memcmp(buf, "bbbbbbbb", 8) == 0 && buf[8] == '#');
        TU_OK(zmq_close(c));
        TU_OK(zmq_close(d));
    }

    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
