/* Multipart messages over tcp, ipc and inproc arrive whole and in order,
 * with ZMQ_RCVMORE 1 on every part but the last, and zmq_msg_more /
 * zmq_msg_get(ZMQ_MORE) agreeing.  Parts of one message are never
 * interleaved with another message's. */
#include "testutil.h"

static void check(const char *tr)
{
    void *ctx, *push, *pull;
    char ep[256];
    int i;
    zmq_msg_t part;

    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_any(pull, tr, ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));

    /* before anything is received, RCVMORE is 0 */
    TU_EQ_INT(tu_get_int(pull, ZMQ_RCVMORE), 0);

    for (i = 0; i < 3; i++) {
        tu_send_str(push, "part A", ZMQ_SNDMORE);
        tu_send_str(push, "part B", ZMQ_SNDMORE);
        tu_send_str(push, "part C", 0);
        tu_send_str(push, "single", 0);
    }
    for (i = 0; i < 3; i++) {
        tu_recv_str(pull, "part A", 1);
        tu_recv_str(pull, "part B", 1);
        tu_recv_str(pull, "part C", 0);
        tu_recv_str(pull, "single", 0);
    }

    /* the zmq_msg_t view of the same flags */
    tu_send_str(push, "first", ZMQ_SNDMORE);
    tu_send_str(push, "last", 0);
    TU_OK(zmq_msg_init(&part));
    TU_EQ_INT(zmq_msg_recv(&part, pull, 0), 5);
    TU_EQ_INT(zmq_msg_more(&part), 1);
    TU_EQ_INT(zmq_msg_get(&part, ZMQ_MORE), 1);
    TU_EQ_INT(zmq_msg_recv(&part, pull, 0), 4);
    TU_EQ_INT(zmq_msg_more(&part), 0);
    TU_EQ_INT(zmq_msg_get(&part, ZMQ_MORE), 0);
    TU_OK(zmq_msg_close(&part));

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    check("tcp");
    check("ipc");
    check("inproc");
    return 0;
}
