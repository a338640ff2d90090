/* ZMQ_RECONNECT_IVL: default 100 ms, settable (-1 = no reconnect);
 * with -1, a PUSH whose peer went away does not reconnect when a new
 * binder appears on the same port, while one with a short interval does. */
#include "testutil.h"

int main(void)
{
    void *ctx, *pull, *eager, *never;
    char ep[256], ep2[256];
    int64_t deadline;
    TU_START();

    ctx = tu_ctx();
    eager = tu_socket(ctx, ZMQ_PUSH);
    never = tu_socket(ctx, ZMQ_PUSH);
    TU_EQ_INT(tu_get_int(eager, ZMQ_RECONNECT_IVL), 100);
    tu_set_int(eager, ZMQ_RECONNECT_IVL, 20);
    tu_set_int(never, ZMQ_RECONNECT_IVL, -1);
    TU_EQ_INT(tu_get_int(never, ZMQ_RECONNECT_IVL), -1);

    /* each PUSH has its own port so the two cases do not mix */
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_tcp(pull, ep, sizeof ep);
    tu_bind_tcp(pull, ep2, sizeof ep2);
    TU_OK(zmq_connect(eager, ep));
    TU_OK(zmq_connect(never, ep2));
    tu_send_str(eager, "e1", 0);
    tu_send_str(never, "n1", 0);
    {
        int got = 0;
        char buf[8];
        while (got < 2) {
            TU_EQ_INT(zmq_recv(pull, buf, sizeof buf, 0), 2);
            got++;
        }
    }

    TU_OK(zmq_close(pull));
    tu_sleep_ms(100);
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_retry(pull, ep);
    tu_bind_retry(pull, ep2);

    /* the eager one gets through */
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    for (;;) {
        zmq_send(eager, "e2", 2, ZMQ_DONTWAIT);
        if (tu_wait_readable(pull, 20))
            break;
        TU_ASSERT_MSG(tu_now_ms() < deadline, "eager PUSH never reconnected");
    }
    tu_drain(pull);
    /* the other one stays disconnected: its send cannot complete */
    tu_set_int(never, ZMQ_SNDTIMEO, 0);
    {
        int i, delivered = 0;
        for (i = 0; i < 20; i++) {
            zmq_send(never, "n2", 2, ZMQ_DONTWAIT);
            if (tu_wait_readable(pull, 20)) {
                char buf[8];
                int rc = zmq_recv(pull, buf, sizeof buf, 0);
                if (rc == 2 && memcmp(buf, "n2", 2) == 0)
                    delivered++;
            }
        }
        TU_EQ_INT(delivered, 0);
    }

    TU_OK(zmq_close(pull));
    TU_OK(zmq_close(eager));
    TU_OK(zmq_close(never));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
