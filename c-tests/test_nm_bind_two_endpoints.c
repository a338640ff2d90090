/* One socket bound to two endpoints (tcp and ipc, plus inproc) and also
 * connected to a third peer talks to peers on all of them: a PULL bound on
 * tcp and ipc and connected to a bound PUSH receives from a PUSH on each. */
#include "testutil.h"

int main(void)
{
    void *ctx, *pull, *via_tcp, *via_ipc, *via_inproc, *bound_push;
    char ep_tcp[256], ep_ipc[256], ep_inproc[256], ep_push[256];
    int i, got[4] = { 0, 0, 0, 0 };
    TU_START();

    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_any(pull, "tcp", ep_tcp, sizeof ep_tcp);
    tu_bind_any(pull, "ipc", ep_ipc, sizeof ep_ipc);
    tu_bind_any(pull, "inproc", ep_inproc, sizeof ep_inproc);

    bound_push = tu_socket(ctx, ZMQ_PUSH);
    tu_bind_any(bound_push, "tcp", ep_push, sizeof ep_push);
    TU_OK(zmq_connect(pull, ep_push));

    via_tcp = tu_socket(ctx, ZMQ_PUSH);
    via_ipc = tu_socket(ctx, ZMQ_PUSH);
    via_inproc = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_connect(via_tcp, ep_tcp));
    TU_OK(zmq_connect(via_ipc, ep_ipc));
    TU_OK(zmq_connect(via_inproc, ep_inproc));

    tu_send_str(via_tcp, "0", 0);
    tu_send_str(via_ipc, "1", 0);
    tu_send_str(via_inproc, "2", 0);
    tu_send_str(bound_push, "3", 0);

    for (i = 0; i < 4; i++) {
        char buf[8];
        int rc = zmq_recv(pull, buf, sizeof buf, 0);
        TU_ASSERT_MSG(rc == 1, "message %d: rc %d", i, rc);
        TU_ASSERT(buf[0] >= '0' && buf[0] <= '3');
        got[buf[0] - '0']++;
    }
    TU_ASSERT_MSG(got[0] == 1 && got[1] == 1 && got[2] == 1 && got[3] == 1,
                  "tcp %d ipc %d inproc %d connected %d", got[0], got[1],
                  got[2], got[3]);

    /* LAST_ENDPOINT reports the most recent bind or connect */
    {
        char last[256];
        tu_last_endpoint(pull, last, sizeof last);
        TU_EQ_STR(last, ep_push);
    }

    TU_OK(zmq_close(pull));
    TU_OK(zmq_close(via_tcp));
    TU_OK(zmq_close(via_ipc));
    TU_OK(zmq_close(via_inproc));
    TU_OK(zmq_close(bound_push));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
