/* Once the context is shut down, every operation on its existing sockets
 * fails with ETERM (blocking or not), zmq_poll on them too, but zmq_close
 * still succeeds and zmq_ctx_term then returns. */
#include "testutil.h"

int main(void)
{
    void *ctx, *push, *pull;
    char buf[16], ep[256];
    int v = 0;
    size_t len = sizeof v;
    zmq_msg_t msg;
    zmq_pollitem_t item;
    TU_START();

    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_any(pull, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));

    TU_OK(zmq_ctx_shutdown(ctx));

    TU_ERR(zmq_send(push, "a", 1, 0), ETERM);
    TU_ERR(zmq_send(push, "a", 1, ZMQ_DONTWAIT), ETERM);
    TU_ERR(zmq_recv(pull, buf, sizeof buf, 0), ETERM);
    TU_ERR(zmq_recv(pull, buf, sizeof buf, ZMQ_DONTWAIT), ETERM);
    TU_ERR(zmq_bind(push, "tcp://127.0.0.1:*"), ETERM);
    TU_ERR(zmq_bind(push, "inproc://after-shutdown"), ETERM);
    TU_ERR(zmq_connect(push, "tcp://127.0.0.1:5555"), ETERM);
    TU_ERR(zmq_unbind(pull, ep), ETERM);
    TU_ERR(zmq_setsockopt(push, ZMQ_LINGER, &v, sizeof v), ETERM);
    TU_ERR(zmq_getsockopt(push, ZMQ_LINGER, &v, &len), ETERM);

    TU_OK(zmq_msg_init_size(&msg, 1));
    TU_ERR(zmq_msg_send(&msg, push, 0), ETERM);
    TU_ERR(zmq_msg_recv(&msg, pull, 0), ETERM);
    TU_OK(zmq_msg_close(&msg));

    memset(&item, 0, sizeof item);
    item.socket = pull;
    item.events = ZMQ_POLLIN;
    TU_ERR(zmq_poll(&item, 1, 100), ETERM);

    TU_EQ_INT(zmq_close(push), 0);
    TU_EQ_INT(zmq_close(pull), 0);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
