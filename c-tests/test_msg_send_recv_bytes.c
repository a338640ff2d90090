/* zmq_msg_send and zmq_msg_recv return the byte count; after a successful
 * send the message is empty (size 0) and may be closed or reused;
 * zmq_msg_recv releases what the message held before; zmq_send/zmq_recv
 * return byte counts too. */
#include "testutil.h"

int main(void)
{
    void *ctx, *a, *b;
    char ep[256], buf[64];
    zmq_msg_t m;
    TU_START();

    ctx = tu_ctx();
    a = tu_socket(ctx, ZMQ_PAIR);
    b = tu_socket(ctx, ZMQ_PAIR);
    tu_bind_any(b, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(a, ep));

    TU_OK(zmq_msg_init_size(&m, 11));
    memcpy(zmq_msg_data(&m), "eleven byte", 11);
    TU_EQ_INT(zmq_msg_send(&m, a, 0), 11);
    TU_EQ_INT(zmq_msg_size(&m), 0);
    /* reuse the emptied message for another send */
    TU_OK(zmq_msg_close(&m));
    TU_OK(zmq_msg_init_size(&m, 1000));
    memset(zmq_msg_data(&m), 'q', 1000);
    TU_EQ_INT(zmq_msg_send(&m, a, 0), 1000);
    TU_OK(zmq_msg_close(&m));
    TU_EQ_INT(zmq_send(a, "seven b", 7, 0), 7);

    TU_OK(zmq_msg_init_size(&m, 50)); /* replaced by the received one */
    TU_EQ_INT(zmq_msg_recv(&m, b, 0), 11);
    TU_EQ_INT(zmq_msg_size(&m), 11);
    TU_ASSERT(memcmp(zmq_msg_data(&m), "eleven byte", 11) == 0);
    TU_EQ_INT(zmq_msg_recv(&m, b, 0), 1000);
    TU_EQ_INT(zmq_msg_size(&m), 1000);
    TU_ASSERT(((char *)zmq_msg_data(&m))[999] == 'q');
    TU_OK(zmq_msg_close(&m));
    TU_EQ_INT(zmq_recv(b, buf, sizeof buf, 0), 7);
    TU_ASSERT(memcmp(buf, "seven b", 7) == 0);

    /* the deprecated names do the same */
    TU_OK(zmq_msg_init_size(&m, 4));
    memcpy(zmq_msg_data(&m), "old!", 4);
    TU_EQ_INT(zmq_sendmsg(b, &m, 0), 4);
    TU_OK(zmq_msg_close(&m));
    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_recvmsg(a, &m, 0), 4);
    TU_OK(zmq_msg_close(&m));

    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
