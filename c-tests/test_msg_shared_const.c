/* zmq_msg_get(ZMQ_SHARED): 0 for an empty message, for a fresh
 * zmq_msg_init_size body (small or large), and for zmq_msg_init_data with a
 * free function; 1 for a constant message (zmq_msg_init_data with ffn
 * NULL); after zmq_msg_copy a large or caller-owned body is shared (1 on
 * both), a small inline one is not (0).  A copy of a constant message is
 * constant too (1). */
#include "testutil.h"

static int freed;
static void ffn(void *data, void *hint)
{
    (void)data;
    (void)hint;
    freed++;
}

int main(void)
{
    zmq_msg_t m, c;
    static char owned[200];
    static const char konst[] = "constant message body";
    TU_START();

    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_get(&m, ZMQ_SHARED), 0);
    TU_OK(zmq_msg_close(&m));

    TU_OK(zmq_msg_init_size(&m, 5));
    TU_EQ_INT(zmq_msg_get(&m, ZMQ_SHARED), 0);
    TU_OK(zmq_msg_init(&c));
    TU_OK(zmq_msg_copy(&c, &m));
    TU_EQ_INT(zmq_msg_get(&m, ZMQ_SHARED), 0);
    TU_EQ_INT(zmq_msg_get(&c, ZMQ_SHARED), 0);
    TU_OK(zmq_msg_close(&c));
    TU_OK(zmq_msg_close(&m));

    TU_OK(zmq_msg_init_data(&m, owned, sizeof owned, ffn, NULL));
    TU_EQ_INT(zmq_msg_get(&m, ZMQ_SHARED), 0);
    TU_OK(zmq_msg_init(&c));
    TU_OK(zmq_msg_copy(&c, &m));
    TU_EQ_INT(zmq_msg_get(&m, ZMQ_SHARED), 1);
    TU_EQ_INT(zmq_msg_get(&c, ZMQ_SHARED), 1);
    TU_OK(zmq_msg_close(&c));
    TU_EQ_INT(freed, 0);
    TU_OK(zmq_msg_close(&m));
    TU_EQ_INT(freed, 1);

    TU_OK(zmq_msg_init_data(&m, (void *)konst, sizeof konst - 1, NULL, NULL));
    TU_EQ_INT(zmq_msg_get(&m, ZMQ_SHARED), 1);
    TU_ASSERT(zmq_msg_data(&m) == (void *)konst);
    TU_OK(zmq_msg_init(&c));
    TU_OK(zmq_msg_copy(&c, &m));
    TU_EQ_INT(zmq_msg_get(&c, ZMQ_SHARED), 1);
    TU_ASSERT(zmq_msg_data(&c) == (void *)konst);
    TU_OK(zmq_msg_close(&c));
    TU_OK(zmq_msg_close(&m));
    return 0;
}
