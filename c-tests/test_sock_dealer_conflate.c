/* ZMQ_CONFLATE on a DEALER (one of the types it applies to): over inproc
 * the connecting socket's CONFLATE makes the queues of that connection keep
 * only the newest message, in both directions: after five sends the
 * receiver gets only the fifth, then EAGAIN. */
#include "testutil.h"

int main(void)
{
    void *ctx, *bound, *conn;
    char ep[256], buf[8];
    int i;
    TU_START();

    ctx = tu_ctx();
    bound = tu_socket(ctx, ZMQ_DEALER);
    conn = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(conn, ZMQ_CONFLATE, 1);
    TU_EQ_INT(tu_get_int(conn, ZMQ_CONFLATE), 1);
    tu_bind_any(bound, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(conn, ep));

    for (i = 1; i <= 5; i++) {
        snprintf(buf, sizeof buf, "%d", i);
        tu_send_str(bound, buf, 0);
    }
    tu_recv_str(conn, "5", 0);
    TU_ERR(zmq_recv(conn, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);

    for (i = 1; i <= 5; i++) {
        snprintf(buf, sizeof buf, "%d", i);
        tu_send_str(conn, buf, 0);
    }
    tu_recv_str(bound, "5", 0);
    TU_ERR(zmq_recv(bound, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);

    TU_OK(zmq_close(bound));
    TU_OK(zmq_close(conn));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
