/* Every socket call given a NULL socket fails with ENOTSOCK. */
#include "testutil.h"

int main(void)
{
    char buf[16];
    int v = 0;
    size_t len = sizeof v;
    zmq_msg_t msg;
    TU_START();

    TU_ERR(zmq_send(NULL, "a", 1, 0), ENOTSOCK);
    TU_ERR(zmq_send_const(NULL, "a", 1, 0), ENOTSOCK);
    TU_ERR(zmq_recv(NULL, buf, sizeof buf, 0), ENOTSOCK);
    TU_ERR(zmq_recv(NULL, buf, sizeof buf, ZMQ_DONTWAIT), ENOTSOCK);
    TU_ERR(zmq_bind(NULL, "inproc://null-socket"), ENOTSOCK);
    TU_ERR(zmq_connect(NULL, "inproc://null-socket"), ENOTSOCK);
    TU_ERR(zmq_unbind(NULL, "inproc://null-socket"), ENOTSOCK);
    TU_ERR(zmq_disconnect(NULL, "inproc://null-socket"), ENOTSOCK);
    TU_ERR(zmq_setsockopt(NULL, ZMQ_LINGER, &v, sizeof v), ENOTSOCK);
    TU_ERR(zmq_getsockopt(NULL, ZMQ_TYPE, &v, &len), ENOTSOCK);
    TU_ERR(zmq_socket_monitor(NULL, "inproc://null-monitor", ZMQ_EVENT_ALL),
           ENOTSOCK);
    TU_ERR(zmq_close(NULL), ENOTSOCK);

    TU_OK(zmq_msg_init_size(&msg, 3));
    TU_ERR(zmq_msg_send(&msg, NULL, 0), ENOTSOCK);
    /* a failed send leaves the message untouched */
    TU_EQ_INT(zmq_msg_size(&msg), 3);
    TU_ERR(zmq_msg_recv(&msg, NULL, 0), ENOTSOCK);
    TU_OK(zmq_msg_close(&msg));

    return 0;
}
