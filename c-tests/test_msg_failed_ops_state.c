/* What a failed call leaves in the zmq_msg_t: a zmq_msg_send that fails
 * (EAGAIN: PUSH with no peer, DONTWAIT) leaves the message untouched (same
 * size and bytes, still owned by the caller, sendable later); a
 * zmq_msg_recv that fails (EAGAIN) on PULL or PAIR leaves an empty
 * message (its old content released). */
#include "testutil.h"

int main(void)
{
    void *ctx, *push, *pull, *pair;
    char ep[256];
    zmq_msg_t m;
    TU_START();

    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);
    pair = tu_socket(ctx, ZMQ_PAIR);

    TU_OK(zmq_msg_init_size(&m, 50));
    memset(zmq_msg_data(&m), 'k', 50);
    TU_ERR(zmq_msg_send(&m, push, ZMQ_DONTWAIT), EAGAIN);
    TU_EQ_INT(zmq_msg_size(&m), 50);
    TU_EQ_INT(((char *)zmq_msg_data(&m))[49], 'k');

    /* now with a peer: the same message goes out, and is emptied */
    tu_bind_any(pull, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));
    TU_EQ_INT(zmq_msg_send(&m, push, 0), 50);
    TU_EQ_INT(zmq_msg_size(&m), 0);
    TU_OK(zmq_msg_close(&m));
    {
        char buf[64];
        TU_EQ_INT(zmq_recv(pull, buf, sizeof buf, 0), 50);
        TU_EQ_INT(buf[0], 'k');
    }

    TU_OK(zmq_msg_init_size(&m, 50));
    TU_ERR(zmq_msg_recv(&m, pull, ZMQ_DONTWAIT), EAGAIN);
    TU_EQ_INT(zmq_msg_size(&m), 0);
    TU_OK(zmq_msg_close(&m));

    TU_OK(zmq_msg_init_size(&m, 5));
    TU_ERR(zmq_msg_recv(&m, pair, ZMQ_DONTWAIT), EAGAIN);
    TU_EQ_INT(zmq_msg_size(&m), 0);
    TU_OK(zmq_msg_close(&m));

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_close(pair));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
