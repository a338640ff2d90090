/* zmq_msg_init gives an empty message; zmq_msg_init_size gives a writable
 * body of that size (small and large); zmq_msg_data/size/more report it;
 * a fresh message has MORE 0. */
#include "testutil.h"

int main(void)
{
    zmq_msg_t m;
    size_t sizes[] = { 0, 1, 33, 34, 1000, 1 << 20 };
    size_t i;
    TU_START();

    TU_EQ_INT(sizeof(zmq_msg_t), 64);

    TU_EQ_INT(zmq_msg_init(&m), 0);
    TU_EQ_INT(zmq_msg_size(&m), 0);
    TU_EQ_INT(zmq_msg_more(&m), 0);
    TU_EQ_INT(zmq_msg_get(&m, ZMQ_MORE), 0);
    TU_OK(zmq_msg_close(&m));

    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        unsigned char *p;
        size_t j;
        TU_EQ_INT(zmq_msg_init_size(&m, sizes[i]), 0);
        TU_EQ_INT(zmq_msg_size(&m), sizes[i]);
        p = zmq_msg_data(&m);
        if (sizes[i] > 0) {
            TU_ASSERT(p != NULL);
            for (j = 0; j < sizes[i]; j++)
                p[j] = (unsigned char)j;
            for (j = 0; j < sizes[i]; j++)
                TU_ASSERT(p[j] == (unsigned char)j);
            /* the pointer is stable */
            TU_ASSERT(zmq_msg_data(&m) == (void *)p);
        }
        TU_EQ_INT(zmq_msg_more(&m), 0);
        TU_OK(zmq_msg_close(&m));
    }
    return 0;
}
