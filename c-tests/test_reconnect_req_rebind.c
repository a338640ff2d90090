/* REQ over tcp survives its REP being replaced: after the REP is closed
 * and a new REP binds the same port, the REQ (ZMQ_REQ_RELAXED so it may
 * resend if a request was lost with the old connection) reconnects on its
 * own and request/reply resumes. */
#include "testutil.h"

int main(void)
{
    void *ctx, *req, *rep;
    char ep[256], buf[32];
    int64_t deadline;
    int rc, idle;
    TU_START();

    ctx = tu_ctx();
    rep = tu_socket(ctx, ZMQ_REP);
    tu_bind_tcp(rep, ep, sizeof ep);
    req = tu_socket(ctx, ZMQ_REQ);
    tu_set_int(req, ZMQ_RECONNECT_IVL, 20);
    tu_set_int(req, ZMQ_REQ_RELAXED, 1);
    tu_set_int(req, ZMQ_REQ_CORRELATE, 1);
    TU_OK(zmq_connect(req, ep));

    tu_send_str(req, "q1", 0);
    tu_recv_str(rep, "q1", 0);
    tu_send_str(rep, "a1", 0);
    tu_recv_str(req, "a1", 0);

    TU_OK(zmq_close(rep));
    tu_sleep_ms(50);
    rep = tu_socket(ctx, ZMQ_REP);
    tu_bind_retry(rep, ep);

    /* Resend the request until a reply comes back.  The REP answers every
     * request it sees; with REQ_CORRELATE the REQ keeps only the reply to
     * its latest request, so stale replies are dropped by the library. */
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    tu_send_str(req, "q2", 0);
    for (idle = 0;; idle++) {
        zmq_pollitem_t items[2];
        memset(items, 0, sizeof items);
        items[0].socket = rep;
        items[0].events = ZMQ_POLLIN;
        items[1].socket = req;
        items[1].events = ZMQ_POLLIN;
        TU_OK(zmq_poll(items, 2, 50));
        if (items[0].revents & ZMQ_POLLIN) {
            tu_recv_str(rep, "q2", 0);
            tu_send_str(rep, "a2", 0);
        }
        if (items[1].revents & ZMQ_POLLIN) {
            rc = zmq_recv(req, buf, sizeof buf - 1, 0);
            TU_EQ_INT(rc, 2);
            TU_ASSERT(memcmp(buf, "a2", 2) == 0);
            break;
        }
        TU_ASSERT_MSG(tu_now_ms() < deadline, "REQ never reconnected");
        if (idle % 4 == 3)
            tu_send_str(req, "q2", 0);
    }

    /* and the next round trip is ordinary */
    tu_send_str(req, "q3", 0);
    tu_recv_str(rep, "q3", 0);
    tu_send_str(rep, "a3", 0);
    tu_recv_str(req, "a3", 0);

    TU_OK(zmq_close(req));
    TU_OK(zmq_close(rep));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
