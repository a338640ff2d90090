/* zmq_msg_gets("Peer-Address") over ipc is built from the peer's
 * credentials (SO_PEERCRED): "localhost:UID:GID:PID", here this very
 * process (both ends live in it).  Over tcp it is the numeric IP without
 * port, "127.0.0.1". */
#include "testutil.h"

int main(void)
{
    void *ctx, *a, *b;
    char ep[256], want[128];
    zmq_msg_t m;
    TU_START();

    ctx = tu_ctx();
    a = tu_socket(ctx, ZMQ_PULL);
    b = tu_socket(ctx, ZMQ_PUSH);
    tu_bind_any(a, "ipc", ep, sizeof ep);
    TU_OK(zmq_connect(b, ep));
    tu_send_str(b, "x", 0);
    TU_OK(zmq_msg_init(&m));
    TU_OK(zmq_msg_recv(&m, a, 0));
    snprintf(want, sizeof want, "localhost:%d:%d:%d", (int)getuid(),
             (int)getgid(), (int)getpid());
    TU_EQ_STR(zmq_msg_gets(&m, "Peer-Address"), want);
    TU_EQ_STR(zmq_msg_gets(&m, "Socket-Type"), "PUSH");
    TU_OK(zmq_msg_close(&m));
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));

    a = tu_socket(ctx, ZMQ_PULL);
    b = tu_socket(ctx, ZMQ_PUSH);
    tu_bind_any(a, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(b, ep));
    tu_send_str(b, "x", 0);
    TU_OK(zmq_msg_init(&m));
    TU_OK(zmq_msg_recv(&m, a, 0));
    TU_EQ_STR(zmq_msg_gets(&m, "Peer-Address"), "127.0.0.1");
    TU_OK(zmq_msg_close(&m));
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));

    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
