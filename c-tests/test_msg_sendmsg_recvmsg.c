/* The deprecated zmq_sendmsg / zmq_recvmsg behave as zmq_msg_send /
 * zmq_msg_recv with the arguments swapped: byte count returned, the sent
 * message is left empty, ZMQ_SNDMORE makes multipart messages, the
 * received message has zmq_msg_more set accordingly, DONTWAIT gives
 * EAGAIN, and a NULL socket gives ENOTSOCK. */
#include "testutil.h"

int main(void)
{
    void *ctx, *a, *b;
    char ep[256];
    zmq_msg_t m;
    TU_START();

    ctx = tu_ctx();
    a = tu_socket(ctx, ZMQ_PAIR);
    b = tu_socket(ctx, ZMQ_PAIR);
    tu_bind_any(a, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(b, ep));

    TU_OK(zmq_msg_init_size(&m, 4));
    memcpy(zmq_msg_data(&m), "head", 4);
    TU_EQ_INT(zmq_sendmsg(b, &m, ZMQ_SNDMORE), 4);
    TU_EQ_INT(zmq_msg_size(&m), 0);
    TU_OK(zmq_msg_close(&m));
    TU_OK(zmq_msg_init_size(&m, 40));
    memset(zmq_msg_data(&m), 'b', 40);
    TU_EQ_INT(zmq_sendmsg(b, &m, 0), 40);
    TU_OK(zmq_msg_close(&m));

    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_recvmsg(a, &m, 0), 4);
    TU_EQ_INT(zmq_msg_more(&m), 1);
    TU_ASSERT(memcmp(zmq_msg_data(&m), "head", 4) == 0);
    TU_EQ_INT(zmq_recvmsg(a, &m, 0), 40);
    TU_EQ_INT(zmq_msg_more(&m), 0);
    TU_EQ_INT(((char *)zmq_msg_data(&m))[39], 'b');
    TU_ERR(zmq_recvmsg(a, &m, ZMQ_DONTWAIT), EAGAIN);
    TU_ERR(zmq_recvmsg(NULL, &m, ZMQ_DONTWAIT), ENOTSOCK);
    TU_ERR(zmq_sendmsg(NULL, &m, ZMQ_DONTWAIT), ENOTSOCK);
    TU_OK(zmq_msg_close(&m));

    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
