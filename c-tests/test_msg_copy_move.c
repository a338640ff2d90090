/* zmq_msg_copy makes dest an equal message (same size and bytes; large
 * bodies shared, ZMQ_SHARED 1) and leaves src intact; zmq_msg_move
 * transfers the content and leaves src empty; both release dest's old
 * content; copy/move from a closed message is EFAULT. */
#include "testutil.h"

int main(void)
{
    zmq_msg_t a, b, c;
    TU_START();

    /* small */
    TU_OK(zmq_msg_init_size(&a, 5));
    memcpy(zmq_msg_data(&a), "hello", 5);
    TU_OK(zmq_msg_init(&b));
    TU_OK(zmq_msg_copy(&b, &a));
    TU_EQ_INT(zmq_msg_size(&b), 5);
    TU_ASSERT(memcmp(zmq_msg_data(&b), "hello", 5) == 0);
    TU_EQ_INT(zmq_msg_size(&a), 5);
    TU_ASSERT(memcmp(zmq_msg_data(&a), "hello", 5) == 0);
    TU_OK(zmq_msg_close(&b));

    /* large: shared buffer */
    TU_OK(zmq_msg_init_size(&c, 100));
    memset(zmq_msg_data(&c), 'z', 100);
    TU_EQ_INT(zmq_msg_get(&c, ZMQ_SHARED), 0);
    TU_OK(zmq_msg_init_size(&b, 7)); /* old content is released */
    TU_OK(zmq_msg_copy(&b, &c));
    TU_EQ_INT(zmq_msg_size(&b), 100);
    TU_ASSERT(memcmp(zmq_msg_data(&b), zmq_msg_data(&c), 100) == 0);
    TU_EQ_INT(zmq_msg_get(&b, ZMQ_SHARED), 1);
    TU_EQ_INT(zmq_msg_get(&c, ZMQ_SHARED), 1);
    TU_OK(zmq_msg_close(&b));
    TU_OK(zmq_msg_close(&c));

    /* move */
    TU_OK(zmq_msg_init_size(&b, 3));
    TU_OK(zmq_msg_move(&b, &a));
    TU_EQ_INT(zmq_msg_size(&b), 5);
    TU_ASSERT(memcmp(zmq_msg_data(&b), "hello", 5) == 0);
    TU_EQ_INT(zmq_msg_size(&a), 0);
    /* the moved-from message is still a valid (empty) message */
    TU_OK(zmq_msg_close(&a));
    TU_OK(zmq_msg_close(&b));

    /* a closed source */
    TU_OK(zmq_msg_init(&a));
    TU_OK(zmq_msg_init(&b));
    TU_OK(zmq_msg_close(&a));
    TU_ERR(zmq_msg_copy(&b, &a), EFAULT);
    TU_ERR(zmq_msg_move(&b, &a), EFAULT);
    TU_OK(zmq_msg_close(&b));
    return 0;
}
