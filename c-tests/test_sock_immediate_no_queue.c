/* ZMQ_IMMEDIATE decides whether messages are queued for a connection that
 * is not up yet (nobody listening at the tcp endpoint):
 *   IMMEDIATE 1: no POLLOUT, send with ZMQ_DONTWAIT fails with EAGAIN;
 *   IMMEDIATE 0 (default): POLLOUT at once and the send is queued.
 * When a PULL later binds the endpoint the queued message is delivered,
 * and the IMMEDIATE 1 socket becomes writable once its connection is
 * complete. */
#include "testutil.h"

static int wait_pollout(void *s, int ms)
{
    int64_t deadline = tu_now_ms() + ms;
    do {
        if (tu_get_int(s, ZMQ_EVENTS) & ZMQ_POLLOUT)
            return 1;
        tu_sleep_ms(2);
    } while (tu_now_ms() < deadline);
    return 0;
}

int main(void)
{
    void *ctx, *imm, *lazy, *pull;
    char ep[256];
    TU_START();

    tu_free_tcp_endpoint(ep, sizeof ep);
    ctx = tu_ctx();
    imm = tu_socket(ctx, ZMQ_PUSH);
    lazy = tu_socket(ctx, ZMQ_PUSH);
    tu_set_int(imm, ZMQ_IMMEDIATE, 1);
    TU_EQ_INT(tu_get_int(imm, ZMQ_IMMEDIATE), 1);
    TU_EQ_INT(tu_get_int(lazy, ZMQ_IMMEDIATE), 0);
    TU_OK(zmq_connect(imm, ep));
    TU_OK(zmq_connect(lazy, ep));

    TU_ASSERT(!wait_pollout(imm, 200));
    TU_ERR(zmq_send(imm, "imm", 3, ZMQ_DONTWAIT), EAGAIN);

    TU_ASSERT(wait_pollout(lazy, 0) || wait_pollout(lazy, 200));
    TU_EQ_INT(zmq_send(lazy, "queued", 6, ZMQ_DONTWAIT), 6);

    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_retry(pull, ep);
    tu_recv_str(pull, "queued", 0);

    TU_ASSERT(wait_pollout(imm, TU_TIMEOUT_MS));
    tu_send_str(imm, "now", ZMQ_DONTWAIT);
    tu_recv_str(pull, "now", 0);
    TU_ASSERT(!tu_wait_readable(pull, 50));

    TU_OK(zmq_close(imm));
    TU_OK(zmq_close(lazy));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
