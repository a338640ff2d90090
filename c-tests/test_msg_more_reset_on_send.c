/* The MORE flag of a message being sent comes only from the send flags: a
 * received message that had MORE set, forwarded with zmq_msg_send(..., 0),
 * goes out as the last frame, and a message without MORE sent with
 * ZMQ_SNDMORE becomes a non-final frame.  (A forwarding loop must pass
 * ZMQ_SNDMORE itself.) */
#include "testutil.h"

int main(void)
{
    void *ctx, *a, *b, *c, *d;
    char ep1[256], ep2[256];
    zmq_msg_t m;
    TU_START();

    ctx = tu_ctx();
    a = tu_socket(ctx, ZMQ_PAIR);
    b = tu_socket(ctx, ZMQ_PAIR);
    c = tu_socket(ctx, ZMQ_PAIR);
    d = tu_socket(ctx, ZMQ_PAIR);
    tu_bind_any(b, "tcp", ep1, sizeof ep1);
    TU_OK(zmq_connect(a, ep1));
    tu_bind_any(d, "inproc", ep2, sizeof ep2);
    TU_OK(zmq_connect(c, ep2));

    tu_send_str(a, "part1", ZMQ_SNDMORE);
    tu_send_str(a, "part2", 0);

    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_recv(&m, b, 0), 5);
    TU_EQ_INT(zmq_msg_more(&m), 1);
    TU_EQ_INT(zmq_msg_send(&m, c, 0), 5); /* forwarded as a final frame */
    TU_EQ_INT(zmq_msg_recv(&m, b, 0), 5);
    TU_EQ_INT(zmq_msg_more(&m), 0);
    TU_EQ_INT(zmq_msg_send(&m, c, ZMQ_SNDMORE), 5);
    tu_send_str(c, "tail", 0);
    TU_OK(zmq_msg_close(&m));

    tu_recv_str(d, "part1", 0);
    tu_recv_str(d, "part2", 1);
    tu_recv_str(d, "tail", 0);

    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_close(c));
    TU_OK(zmq_close(d));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
