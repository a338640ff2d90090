/* Several large messages back to back: three 6 MiB messages, each framed
 * by empty parts ([empty, 6 MiB, empty]), sent without waiting, arrive
 * intact and in order with the right sizes and RCVMORE flags, over tcp
 * and ipc (the receiver starts reading only after everything was
 * queued). */
#include "testutil.h"

#define BIG (6 * 1024 * 1024)

static void run(const char *transport)
{
    void *ctx = tu_ctx();
    void *a = tu_socket(ctx, ZMQ_PULL);
    void *b = tu_socket(ctx, ZMQ_PUSH);
    char ep[256];
    unsigned char *buf = malloc(BIG);
    zmq_msg_t m;
    int i;
    size_t k;

    TU_ASSERT(buf != NULL);
    tu_bind_any(a, transport, ep, sizeof ep);
    TU_OK(zmq_connect(b, ep));
    for (i = 0; i < 3; i++) {
        for (k = 0; k < BIG; k++)
            buf[k] = (unsigned char)(k * 31 + i * 7 + (k >> 13));
        TU_EQ_INT(zmq_send(b, NULL, 0, ZMQ_SNDMORE), 0);
        TU_EQ_INT(zmq_send(b, buf, BIG, ZMQ_SNDMORE), BIG);
        TU_EQ_INT(zmq_send(b, "", 0, 0), 0);
    }
    for (i = 0; i < 3; i++) {
        TU_OK(zmq_msg_init(&m));
        TU_EQ_INT(zmq_msg_recv(&m, a, 0), 0);
        TU_EQ_INT(zmq_msg_more(&m), 1);
        TU_EQ_INT(zmq_msg_recv(&m, a, 0), BIG);
        TU_EQ_INT(zmq_msg_more(&m), 1);
        for (k = 0; k < BIG; k++)
            buf[k] = (unsigned char)(k * 31 + i * 7 + (k >> 13));
        TU_ASSERT_MSG(memcmp(zmq_msg_data(&m), buf, BIG) == 0,
                      "%s: message %d corrupted", transport, i);
        TU_EQ_INT(zmq_msg_recv(&m, a, 0), 0);
        TU_EQ_INT(zmq_msg_more(&m), 0);
        TU_OK(zmq_msg_close(&m));
    }
    free(buf);
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    run("tcp");
    run("ipc");
    return 0;
}
