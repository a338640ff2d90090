/* zmq_send_const does not copy: over inproc the receiver's message body is
 * the very buffer the sender passed (same pointer), flagged ZMQ_SHARED,
 * for small and large sizes and for every part of a multipart message.
 * (zmq_send, by contrast, copies: a different pointer.) */
#include "testutil.h"

int main(void)
{
    void *ctx, *a, *b;
    char ep[256];
    static const char small[] = "tiny";
    static char large[5000];
    zmq_msg_t m;
    TU_START();

    memset(large, 'L', sizeof large);
    ctx = tu_ctx();
    a = tu_socket(ctx, ZMQ_PAIR);
    b = tu_socket(ctx, ZMQ_PAIR);
    tu_bind_any(a, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(b, ep));

    TU_EQ_INT(zmq_send_const(b, small, 4, ZMQ_SNDMORE), 4);
    TU_EQ_INT(zmq_send_const(b, large, sizeof large, 0), (int)sizeof large);
    TU_EQ_INT(zmq_send(b, large, sizeof large, 0), (int)sizeof large);

    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_recv(&m, a, 0), 4);
    TU_ASSERT_MSG(zmq_msg_data(&m) == (void *)small,
                  "small part was copied (%p vs %p)", zmq_msg_data(&m),
                  (void *)small);
    TU_EQ_INT(zmq_msg_get(&m, ZMQ_SHARED), 1);
    TU_EQ_INT(zmq_msg_more(&m), 1);
    TU_EQ_INT(zmq_msg_recv(&m, a, 0), (int)sizeof large);
    TU_ASSERT_MSG(zmq_msg_data(&m) == (void *)large,
                  "large part was copied (%p vs %p)", zmq_msg_data(&m),
                  (void *)large);
    TU_EQ_INT(zmq_msg_get(&m, ZMQ_SHARED), 1);
    TU_EQ_INT(zmq_msg_recv(&m, a, 0), (int)sizeof large);
    TU_ASSERT(zmq_msg_data(&m) != (void *)large);
    TU_ASSERT(memcmp(zmq_msg_data(&m), large, sizeof large) == 0);
    TU_OK(zmq_msg_close(&m));

    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
