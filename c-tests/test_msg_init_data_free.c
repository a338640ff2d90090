/* zmq_msg_init_data wraps caller memory without copying and calls the free
 * function exactly once, with the data pointer and hint, when the last
 * reference is released:
 *   - never sent: at zmq_msg_close;
 *   - copied: only after both the original and the copy are closed;
 *   - sent over inproc: not while the receiver holds the message (zero
 *     copy), then once the receiver closes it;
 *   - sent over tcp: by the time zmq_ctx_term has returned (libzmq may
 *     release it on its I/O thread at any point after the send).
 * With ffn NULL the data is never freed (constant message). */
#include "testutil.h"

static volatile int g_calls;
static void *g_last_data, *g_last_hint;

static void count_free(void *data, void *hint)
{
    g_calls++;
    g_last_data = data;
    g_last_hint = hint;
}

int main(void)
{
    static char body[] = "caller-owned body, longer than the 33 bytes "
                         "libzmq stores inline";
    size_t blen = sizeof body - 1;
    int hint_target;
    zmq_msg_t m, c, r;
    void *ctx, *push, *pull;
    char ep[256];
    TU_START();

    /* never sent */
    g_calls = 0;
    TU_OK(zmq_msg_init_data(&m, body, blen, count_free, &hint_target));
    TU_ASSERT(zmq_msg_data(&m) == (void *)body);
    TU_EQ_INT(zmq_msg_size(&m), blen);
    TU_EQ_INT(g_calls, 0);
    TU_OK(zmq_msg_close(&m));
    TU_EQ_INT(g_calls, 1);
    TU_ASSERT(g_last_data == (void *)body);
    TU_ASSERT(g_last_hint == (void *)&hint_target);

    /* copied: freed once, after the last copy is closed */
    g_calls = 0;
    TU_OK(zmq_msg_init_data(&m, body, blen, count_free, NULL));
    TU_OK(zmq_msg_init(&c));
    TU_OK(zmq_msg_copy(&c, &m));
    TU_ASSERT(zmq_msg_data(&c) == (void *)body);
    TU_OK(zmq_msg_close(&m));
    TU_EQ_INT(g_calls, 0);
    TU_OK(zmq_msg_close(&c));
    TU_EQ_INT(g_calls, 1);

    /* constant message: no free function, nothing to call */
    TU_OK(zmq_msg_init_data(&m, body, blen, NULL, NULL));
    TU_EQ_INT(zmq_msg_size(&m), blen);
    TU_OK(zmq_msg_close(&m));

    ctx = tu_ctx();

    /* inproc: the receiver gets the same buffer */
    g_calls = 0;
    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_any(pull, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));
    TU_OK(zmq_msg_init_data(&m, body, blen, count_free, NULL));
    TU_EQ_INT(zmq_msg_send(&m, push, 0), blen);
    TU_OK(zmq_msg_close(&m)); /* empty after a successful send */
    TU_OK(zmq_msg_init(&r));
    TU_EQ_INT(zmq_msg_recv(&r, pull, 0), blen);
    TU_ASSERT(memcmp(zmq_msg_data(&r), body, blen) == 0);
    TU_EQ_INT(g_calls, 0); /* observed on libzmq: still referenced by r */
    TU_OK(zmq_msg_close(&r));
    TU_EQ_INT(g_calls, 1);
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));

    /* tcp: once, at the latest when the context is terminated */
    g_calls = 0;
    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_any(pull, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));
    TU_OK(zmq_msg_init_data(&m, body, blen, count_free, NULL));
    TU_EQ_INT(zmq_msg_send(&m, push, 0), blen);
    TU_OK(zmq_msg_close(&m));
    TU_OK(zmq_msg_init(&r));
    TU_EQ_INT(zmq_msg_recv(&r, pull, 0), blen);
    TU_ASSERT(memcmp(zmq_msg_data(&r), body, blen) == 0);
    TU_OK(zmq_msg_close(&r));
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    TU_EQ_INT(g_calls, 1);
    return 0;
}
