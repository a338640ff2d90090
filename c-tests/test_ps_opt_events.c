/* ZMQ_EVENTS on publish/subscribe sockets: PUB and XPUB report POLLOUT
 * even with no subscriber (sending never blocks) and a PUB never POLLIN;
 * an XPUB reports POLLIN while a subscription message is waiting; a SUB
 * never reports POLLOUT (it cannot send), and POLLIN only once a matching
 * message is queued; an XSUB reports POLLOUT (it may send subscriptions)
 * and POLLIN when data is queued.  zmq_poll agrees. */
#include "testutil.h"

static int events(void *s)
{
    return tu_get_int(s, ZMQ_EVENTS);
}

int main(void)
{
    void *ctx, *pub, *xpub, *sub, *xsub;
    char ep[256], ep2[256];
    char buf[16];
    int64_t deadline;
    TU_START();

    ctx = tu_ctx();
    pub = tu_socket(ctx, ZMQ_PUB);
    xpub = tu_socket(ctx, ZMQ_XPUB);
    sub = tu_socket(ctx, ZMQ_SUB);
    xsub = tu_socket(ctx, ZMQ_XSUB);

    TU_EQ_INT(events(pub), ZMQ_POLLOUT);
    TU_EQ_INT(events(xpub), ZMQ_POLLOUT);
    TU_EQ_INT(events(sub), 0);
    TU_EQ_INT(events(xsub), ZMQ_POLLOUT);

    tu_bind_any(xpub, "tcp", ep, sizeof ep);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "t", 1));
    TU_OK(zmq_connect(sub, ep));
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    while (!(events(xpub) & ZMQ_POLLIN)) {
        TU_ASSERT_MSG(tu_now_ms() < deadline, "XPUB never POLLIN");
        tu_sleep_ms(5);
    }
    TU_EQ_INT(events(xpub), ZMQ_POLLIN | ZMQ_POLLOUT);
    TU_ASSERT(tu_wait_readable(xpub, 0));
    TU_EQ_INT(zmq_recv(xpub, buf, sizeof buf, 0), 2);
    TU_EQ_INT(events(xpub), ZMQ_POLLOUT);

    tu_send_str(xpub, "u-nomatch", 0);
    tu_send_str(xpub, "t-match", 0);
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    while (!(events(sub) & ZMQ_POLLIN)) {
        TU_ASSERT_MSG(tu_now_ms() < deadline, "SUB never POLLIN");
        tu_sleep_ms(5);
    }
    TU_EQ_INT(events(sub), ZMQ_POLLIN);
    tu_recv_str(sub, "t-match", 0);
    TU_EQ_INT(events(sub), 0);

    tu_bind_any(pub, "tcp", ep2, sizeof ep2);
    TU_OK(zmq_connect(xsub, ep2));
    TU_EQ_INT(zmq_send(xsub, "\x01", 1, 0), 1);
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    while (!(events(xsub) & ZMQ_POLLIN)) {
        tu_send_str(pub, "data", 0);
        TU_ASSERT_MSG(tu_now_ms() < deadline, "XSUB never POLLIN");
        tu_sleep_ms(5);
    }
    TU_EQ_INT(events(xsub), ZMQ_POLLIN | ZMQ_POLLOUT);
    TU_EQ_INT(events(pub), ZMQ_POLLOUT);

    TU_OK(zmq_close(pub));
    TU_OK(zmq_close(xpub));
    TU_OK(zmq_close(sub));
    TU_OK(zmq_close(xsub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
