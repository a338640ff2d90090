/* PUSH blocks at the high-water mark; over inproc the queue between two
 * sockets holds the sender's SNDHWM + the receiver's RCVHWM messages
 * (libzmq's test_hwm):
 *   defaults (1000 + 1000)           -> 2000 sends succeed, then EAGAIN
 *   SNDHWM 1 + RCVHWM 1               -> 2 (bind first or connect first)
 *   either HWM 0 (no limit)          -> no limit (10000 all succeed)
 * Every accepted message is received, and after draining one more
 * (blocking) send succeeds. */
#include "testutil.h"

#define MAX_SENDS 10000

static int count(int sndhwm, int rcvhwm, int connect_first)
{
    void *ctx, *push, *pull;
    char ep[256];
    int sent = 0, got = 0;

    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);
    if (sndhwm >= 0)
        tu_set_int(push, ZMQ_SNDHWM, sndhwm);
    if (rcvhwm >= 0)
        tu_set_int(pull, ZMQ_RCVHWM, rcvhwm);
    tu_inproc_endpoint(ep, sizeof ep);
    if (connect_first) {
        TU_OK(zmq_connect(push, ep));
        TU_OK(zmq_bind(pull, ep));
    } else {
        TU_OK(zmq_bind(pull, ep));
        TU_OK(zmq_connect(push, ep));
    }

    while (sent < MAX_SENDS && zmq_send(push, NULL, 0, ZMQ_DONTWAIT) == 0)
        sent++;
    if (sent < MAX_SENDS)
        TU_EQ_INT(zmq_errno(), EAGAIN);
    while (zmq_recv(pull, NULL, 0, ZMQ_DONTWAIT) == 0)
        got++;
    TU_EQ_INT(got, sent);

    TU_EQ_INT(zmq_send(push, "x", 1, 0), 1);
    tu_recv_str(pull, "x", 0);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return sent;
}

int main(void)
{
    TU_START();
    TU_EQ_INT(count(-1, -1, 0), 2000);
    TU_EQ_INT(count(1, 1, 0), 2);
    TU_EQ_INT(count(1, 1, 1), 2);
    TU_EQ_INT(count(3, 2, 0), 5);
    TU_EQ_INT(count(0, 0, 0), MAX_SENDS);
    TU_EQ_INT(count(1, 0, 0), MAX_SENDS);
    TU_EQ_INT(count(0, 1, 0), MAX_SENDS);
    TU_EQ_INT(count(1, 0, 1), MAX_SENDS);
    return 0;
}
