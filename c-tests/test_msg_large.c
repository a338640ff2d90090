/* A 4 MiB message (and a 4 MiB part inside a multipart message) arrives
 * intact over tcp, ipc and inproc. */
#include "testutil.h"

#define BIG (4u * 1024u * 1024u)

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    size_t i;
    uint32_t x = seed * 2654435761u + 1;
    for (i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = (unsigned char)(x >> 16);
    }
}

static void check(const char *tr)
{
    void *ctx, *push, *pull;
    char ep[256];
    unsigned char *buf = malloc(BIG);
    zmq_msg_t m;
    int k;

    TU_ASSERT(buf != NULL);
    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_any(pull, tr, ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));

    fill(buf, BIG, 1);
    TU_EQ_INT(zmq_send(push, buf, BIG, 0), BIG);
    fill(buf, BIG, 2);
    TU_EQ_INT(zmq_send(push, "head", 4, ZMQ_SNDMORE), 4);
    TU_EQ_INT(zmq_send(push, buf, BIG, ZMQ_SNDMORE), BIG);
    TU_EQ_INT(zmq_send(push, "tail", 4, 0), 4);

    for (k = 1; k <= 2; k++) {
        unsigned char *want = malloc(BIG);
        TU_ASSERT(want != NULL);
        fill(want, BIG, (unsigned)k);
        TU_OK(zmq_msg_init(&m));
        if (k == 2) {
            TU_EQ_INT(zmq_msg_recv(&m, pull, 0), 4);
            TU_EQ_INT(zmq_msg_more(&m), 1);
        }
        TU_EQ_INT(zmq_msg_recv(&m, pull, 0), BIG);
        TU_EQ_INT(zmq_msg_size(&m), BIG);
        TU_ASSERT_MSG(memcmp(zmq_msg_data(&m), want, BIG) == 0,
                      "%s: message %d corrupted", tr, k);
        TU_EQ_INT(zmq_msg_more(&m), k == 2);
        if (k == 2) {
            TU_EQ_INT(zmq_msg_recv(&m, pull, 0), 4);
            TU_EQ_INT(zmq_msg_more(&m), 0);
        }
        TU_OK(zmq_msg_close(&m));
        free(want);
    }
    free(buf);
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
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
