/* Every socket call given a socket that was already closed fails with
 * ENOTSOCK, and so does closing it a second time.
 *
 * Caveat: in libzmq this works because zmq_close() overwrites the socket's
 * tag (0xdeadbeef) and the reaper thread frees the object later; a check
 * made right after zmq_close, while the context is alive, reads the dead
 * tag.  Observed on libzmq 4.3.4 for every call below, including the second
 * zmq_close.  ferromq must give ENOTSOCK without relying on luck. */
#include "testutil.h"

int main(void)
{
    char buf[16];
    int v = 0;
    size_t len = sizeof v;
    void *ctx, *s;
    zmq_msg_t msg;
    TU_START();

    ctx = tu_ctx();
    s = tu_socket(ctx, ZMQ_PAIR);
    TU_OK(zmq_close(s));

    TU_ERR(zmq_send(s, "a", 1, 0), ENOTSOCK);
    TU_ERR(zmq_recv(s, buf, sizeof buf, ZMQ_DONTWAIT), ENOTSOCK);
    TU_ERR(zmq_bind(s, "inproc://closed-socket"), ENOTSOCK);
    TU_ERR(zmq_connect(s, "inproc://closed-socket"), ENOTSOCK);
    TU_ERR(zmq_unbind(s, "inproc://closed-socket"), ENOTSOCK);
    TU_ERR(zmq_disconnect(s, "inproc://closed-socket"), ENOTSOCK);
    TU_ERR(zmq_setsockopt(s, ZMQ_LINGER, &v, sizeof v), ENOTSOCK);
    TU_ERR(zmq_getsockopt(s, ZMQ_LINGER, &v, &len), ENOTSOCK);
    TU_OK(zmq_msg_init(&msg));
    TU_ERR(zmq_msg_send(&msg, s, 0), ENOTSOCK);
    TU_ERR(zmq_msg_recv(&msg, s, ZMQ_DONTWAIT), ENOTSOCK);
    TU_OK(zmq_msg_close(&msg));
    TU_ERR(zmq_close(s), ENOTSOCK);

    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
