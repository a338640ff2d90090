/* zmq_msg_copy shares a large body instead of copying it: dest's
 * zmq_msg_data is the same pointer as src's (so a write through one is
 * visible through the other), and the body stays valid after the original
 * is closed.  A small body (up to 33 bytes, stored inside zmq_msg_t) is
 * copied: different pointers, same bytes.  Also for a received message
 * (inproc, large): the copy shares the received body. */
#include "testutil.h"

int main(void)
{
    zmq_msg_t a, b;
    void *ctx, *s1, *s2;
    char ep[256];
    static char big[1000];
    TU_START();

    TU_OK(zmq_msg_init_size(&a, 1000));
    memset(zmq_msg_data(&a), 'a', 1000);
    TU_OK(zmq_msg_init(&b));
    TU_OK(zmq_msg_copy(&b, &a));
    TU_ASSERT(zmq_msg_data(&b) == zmq_msg_data(&a));
    ((char *)zmq_msg_data(&a))[10] = 'Z';
    TU_EQ_INT(((char *)zmq_msg_data(&b))[10], 'Z');
    TU_OK(zmq_msg_close(&a));
    TU_EQ_INT(zmq_msg_size(&b), 1000);
    TU_EQ_INT(((char *)zmq_msg_data(&b))[999], 'a');
    TU_OK(zmq_msg_close(&b));

    TU_OK(zmq_msg_init_size(&a, 33));
    memset(zmq_msg_data(&a), 's', 33);
    TU_OK(zmq_msg_init(&b));
    TU_OK(zmq_msg_copy(&b, &a));
    TU_ASSERT(zmq_msg_data(&b) != zmq_msg_data(&a));
    TU_ASSERT(memcmp(zmq_msg_data(&b), zmq_msg_data(&a), 33) == 0);
    TU_OK(zmq_msg_close(&a));
    TU_OK(zmq_msg_close(&b));

    memset(big, 'r', sizeof big);
    ctx = tu_ctx();
    s1 = tu_socket(ctx, ZMQ_PAIR);
    s2 = tu_socket(ctx, ZMQ_PAIR);
    tu_bind_any(s1, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(s2, ep));
    TU_EQ_INT(zmq_send(s2, big, sizeof big, 0), (int)sizeof big);
    TU_OK(zmq_msg_init(&a));
    TU_EQ_INT(zmq_msg_recv(&a, s1, 0), (int)sizeof big);
    TU_OK(zmq_msg_init(&b));
    TU_OK(zmq_msg_copy(&b, &a));
    TU_ASSERT(zmq_msg_data(&b) == zmq_msg_data(&a));
    TU_EQ_INT(zmq_msg_get(&a, ZMQ_SHARED), 1);
    TU_OK(zmq_msg_close(&a));
    TU_ASSERT(memcmp(zmq_msg_data(&b), big, sizeof big) == 0);
    TU_OK(zmq_msg_close(&b));
    TU_OK(zmq_close(s1));
    TU_OK(zmq_close(s2));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
