/* A message refused at the high-water mark stays with the caller: after
 * zmq_msg_send fails with EAGAIN (ZMQ_DONTWAIT, PUSH filled to its HWM over
 * inproc) the zmq_msg_t still holds its data, and sending the same
 * zmq_msg_t once there is room delivers it; a successful send empties it.
 * The same for a multipart message refused at its first frame. */
#include "testutil.h"

int main(void)
{
    void *ctx, *push, *pull;
    char ep[256], body[16];
    zmq_msg_t m, m2;
    int n = 0, i;
    TU_START();

    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_set_int(push, ZMQ_SNDHWM, 1);
    tu_set_int(pull, ZMQ_RCVHWM, 1);
    tu_bind_any(pull, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));

    for (;;) {
        snprintf(body, sizeof body, "q%d", n);
        if (zmq_send(push, body, strlen(body), ZMQ_DONTWAIT) < 0)
            break;
        TU_ASSERT(++n < 100);
    }
    TU_EQ_INT(zmq_errno(), EAGAIN);

    TU_OK(zmq_msg_init_size(&m, 5));
    memcpy(zmq_msg_data(&m), "keep!", 5);
    TU_ERR(zmq_msg_send(&m, push, ZMQ_DONTWAIT), EAGAIN);
    TU_EQ_INT(zmq_msg_size(&m), 5);
    TU_ASSERT(memcmp(zmq_msg_data(&m), "keep!", 5) == 0);

    TU_OK(zmq_msg_init_size(&m2, 4));
    memcpy(zmq_msg_data(&m2), "head", 4);
    TU_ERR(zmq_msg_send(&m2, push, ZMQ_DONTWAIT | ZMQ_SNDMORE), EAGAIN);
    TU_EQ_INT(zmq_msg_size(&m2), 4);
    TU_ASSERT(memcmp(zmq_msg_data(&m2), "head", 4) == 0);

    for (i = 0; i < n; i++) {
        snprintf(body, sizeof body, "q%d", i);
        tu_recv_str(pull, body, 0);
    }

    TU_EQ_INT(zmq_msg_send(&m, push, 0), 5);
    TU_EQ_INT(zmq_msg_size(&m), 0);
    TU_EQ_INT(zmq_msg_send(&m2, push, ZMQ_SNDMORE), 4);
    tu_send_str(push, "tail", 0);
    TU_OK(zmq_msg_close(&m));
    TU_OK(zmq_msg_close(&m2));

    tu_recv_str(pull, "keep!", 0);
    tu_recv_str(pull, "head", 1);
    tu_recv_str(pull, "tail", 0);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
