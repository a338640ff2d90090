/* Empty frames are real frames: a zero-length message, and zero-length
 * parts at the start, middle and end of a multipart message, arrive with
 * size 0 and the right RCVMORE, over tcp, ipc and inproc. */
#include "testutil.h"

static void recv_size(void *s, int size, int more)
{
    zmq_msg_t m;
    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_recv(&m, s, 0), size);
    TU_EQ_INT((int)zmq_msg_size(&m), size);
    TU_EQ_INT(zmq_msg_more(&m), more);
    TU_OK(zmq_msg_close(&m));
}

static void check(const char *tr)
{
    void *ctx, *a, *b;
    char ep[256];
    char buf[4];

    ctx = tu_ctx();
    a = tu_socket(ctx, ZMQ_PAIR);
    b = tu_socket(ctx, ZMQ_PAIR);
    tu_bind_any(b, tr, ep, sizeof ep);
    TU_OK(zmq_connect(a, ep));

    TU_EQ_INT(zmq_send(a, NULL, 0, 0), 0);
    TU_EQ_INT(zmq_send(a, "", 0, ZMQ_SNDMORE), 0);
    TU_EQ_INT(zmq_send(a, "x", 1, ZMQ_SNDMORE), 1);
    TU_EQ_INT(zmq_send(a, "", 0, ZMQ_SNDMORE), 0);
    TU_EQ_INT(zmq_send(a, "yz", 2, ZMQ_SNDMORE), 2);
    TU_EQ_INT(zmq_send(a, "", 0, 0), 0);

    recv_size(b, 0, 0);
    recv_size(b, 0, 1);
    recv_size(b, 1, 1);
    recv_size(b, 0, 1);
    recv_size(b, 2, 1);
    recv_size(b, 0, 0);

    /* zmq_recv into a NULL buffer of length 0 is allowed */
    TU_EQ_INT(zmq_send(b, "", 0, 0), 0);
    TU_EQ_INT(zmq_recv(a, NULL, 0, 0), 0);
    TU_EQ_INT(zmq_send(b, "abc", 3, 0), 3);
    TU_EQ_INT(zmq_recv(a, buf, 0, 0), 3);

    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    check("tcp");
    check("ipc");
    check("inproc");
    return 0;
}
