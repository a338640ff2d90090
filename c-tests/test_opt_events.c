/* ZMQ_EVENTS: a PULL reports ZMQ_POLLIN once a message is queued (checked
 * against a deadline, since messages arrive asynchronously) and not after
 * it has been read; a PUSH reports ZMQ_POLLOUT once it has a peer; REQ
 * reports POLLOUT before the request and not after it (until the reply). */
#include "testutil.h"

static int wait_events(void *s, int bits)
{
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    for (;;) {
        int ev = tu_get_int(s, ZMQ_EVENTS);
        if ((ev & bits) == bits)
            return ev;
        if (tu_now_ms() > deadline)
            return ev;
        tu_sleep_ms(2);
    }
}

int main(void)
{
    void *ctx, *push, *pull, *req, *rep;
    char ep[256], ep2[256];
    TU_START();

    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);
    TU_EQ_INT(tu_get_int(push, ZMQ_EVENTS), 0);
    TU_EQ_INT(tu_get_int(pull, ZMQ_EVENTS), 0);

    tu_bind_any(pull, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));
    TU_EQ_INT(wait_events(push, ZMQ_POLLOUT), ZMQ_POLLOUT);
    TU_EQ_INT(tu_get_int(pull, ZMQ_EVENTS), 0);

    tu_send_str(push, "m", 0);
    TU_EQ_INT(wait_events(pull, ZMQ_POLLIN), ZMQ_POLLIN);
    tu_recv_str(pull, "m", 0);
    TU_EQ_INT(tu_get_int(pull, ZMQ_EVENTS), 0);

    req = tu_socket(ctx, ZMQ_REQ);
    rep = tu_socket(ctx, ZMQ_REP);
    tu_bind_any(rep, "inproc", ep2, sizeof ep2);
    TU_OK(zmq_connect(req, ep2));
    TU_EQ_INT(wait_events(req, ZMQ_POLLOUT), ZMQ_POLLOUT);
    TU_EQ_INT(tu_get_int(rep, ZMQ_EVENTS), 0);
    tu_send_str(req, "q", 0);
    TU_EQ_INT(tu_get_int(req, ZMQ_EVENTS) & ZMQ_POLLOUT, 0);
    TU_EQ_INT(wait_events(rep, ZMQ_POLLIN), ZMQ_POLLIN);
    tu_recv_str(rep, "q", 0);
    TU_EQ_INT(tu_get_int(rep, ZMQ_EVENTS), ZMQ_POLLOUT);
    tu_send_str(rep, "a", 0);
    TU_EQ_INT(wait_events(req, ZMQ_POLLIN), ZMQ_POLLIN);
    tu_recv_str(req, "a", 0);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_close(req));
    TU_OK(zmq_close(rep));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
