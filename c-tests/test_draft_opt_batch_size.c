/* ZMQ_IN_BATCH_SIZE / ZMQ_OUT_BATCH_SIZE size the reads and the write
 * batches of a connection: with tiny values (1 byte read at a time, one
 * frame per write: ferromq only, libzmq 4.3.5 segfaults) and with larger
 * ones, every message of a mixed stream
 * (empty, small, multi-part, 100 KB) arrives intact and in order. */
#include "testutil.h"

#define N 300

static void run(void *ctx, int in_batch, int out_batch)
{
    char ep[256];
    static char big[100000], buf[100000];
    int i;
    void *push = tu_socket(ctx, ZMQ_PUSH);
    void *pull = tu_socket(ctx, ZMQ_PULL);
    tu_set_int(pull, ZMQ_IN_BATCH_SIZE, in_batch);
    tu_set_int(push, ZMQ_OUT_BATCH_SIZE, out_batch);
    tu_set_int(push, ZMQ_IN_BATCH_SIZE, in_batch);
    tu_set_int(pull, ZMQ_OUT_BATCH_SIZE, out_batch);
    tu_bind_any(pull, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));
    for (i = 0; i < (int)sizeof big; i++)
        big[i] = (char)(i * 7);
    for (i = 0; i < N; i++) {
        size_t len = i % 10 == 0 ? sizeof big : (size_t)(i % 97);
        big[0] = (char)i;
        if (i % 5 == 0)
            TU_EQ_INT(zmq_send(push, "part", 4, ZMQ_SNDMORE), 4);
        TU_EQ_INT(zmq_send(push, big, len, 0), (int)len);
    }
    for (i = 0; i < N; i++) {
        size_t len = i % 10 == 0 ? sizeof big : (size_t)(i % 97);
        int n;
        if (i % 5 == 0) {
            tu_recv_str(pull, "part", 1);
        }
        n = zmq_recv(pull, buf, sizeof buf, 0);
        TU_EQ_INT(n, (int)len);
        big[0] = (char)i;
        TU_ASSERT_MSG(memcmp(buf, big, len) == 0, "message %d differs", i);
        TU_EQ_INT(tu_get_int(pull, ZMQ_RCVMORE), 0);
    }
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
}

int main(void)
{
    void *ctx;
    TU_START();
    ctx = tu_ctx();
    if (tu_lib_is_ferromq()) {
        /* libzmq 4.3.5 segfaults on a 1-byte batch (seen) */
        run(ctx, 1, 1);
        run(ctx, 7, 13);
    }
    run(ctx, 64, 100);
    run(ctx, 1 << 20, 1 << 20);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
