/* zmq_msg_close on a message that is already closed fails with EFAULT, for
 * empty, small (inline) and large messages. */
#include "testutil.h"

int main(void)
{
    zmq_msg_t a, b, c;
    TU_START();

    TU_OK(zmq_msg_init(&a));
    TU_OK(zmq_msg_close(&a));
    TU_ERR(zmq_msg_close(&a), EFAULT);

    TU_OK(zmq_msg_init_size(&b, 10));
    TU_OK(zmq_msg_close(&b));
    TU_ERR(zmq_msg_close(&b), EFAULT);

    TU_OK(zmq_msg_init_size(&c, 100000));
    TU_OK(zmq_msg_close(&c));
    TU_ERR(zmq_msg_close(&c), EFAULT);
    return 0;
}
