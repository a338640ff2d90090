/* DRAFT zmq_socket_get_peer_state, as libzmq 4.3.5's:
 *   - on a ROUTER, for a connected peer's routing id: ZMQ_POLLOUT while a
 *     message to it would not block, 0 once its pipe is at the high-water
 *     mark, ZMQ_POLLOUT again when the peer has read;
 *   - an unknown routing id is EHOSTUNREACH (also once the peer left);
 *   - REP (a ROUTER inside, in libzmq) answers the same way;
 *   - other socket types: ENOTSUP; not a socket: ENOTSOCK. */
#include "testutil.h"

/* Waits until the router knows the peer `id` (bounded); its state. */
static int wait_known(void *router, const char *id)
{
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    int st;
    for (;;) {
        /* let the router process its commands (new pipes) */
        (void)tu_get_int(router, ZMQ_EVENTS);
        st = zmq_socket_get_peer_state(router, id, strlen(id));
        if (st >= 0 || zmq_errno() != EHOSTUNREACH || tu_now_ms() > deadline)
            return st;
        tu_sleep_ms(5);
    }
}

int main(void)
{
    void *ctx, *router, *dealer, *rep, *req, *pair;
    char ep[64], ep2[64];
    int n, st;
    int64_t deadline;
    TU_START();

    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    dealer = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(router, ZMQ_SNDHWM, 2);
    tu_set_int(dealer, ZMQ_RCVHWM, 2);
    tu_set_int(router, ZMQ_ROUTER_MANDATORY, 1);
    TU_OK(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, "D1", 2));
    TU_OK(zmq_bind(router, tu_inproc_endpoint(ep, sizeof ep)));
    TU_OK(zmq_connect(dealer, ep));

    TU_ERR(zmq_socket_get_peer_state(router, "nobody", 6), EHOSTUNREACH);
    TU_EQ_INT(wait_known(router, "D1"), ZMQ_POLLOUT);
    TU_ERR(zmq_socket_get_peer_state(router, "D", 1), EHOSTUNREACH);
    TU_ERR(zmq_socket_get_peer_state(router, "D1x", 3), EHOSTUNREACH);

    /* Fill the pipe to the peer (it does not read): 0. */
    for (n = 0; n < 1000; n++) {
        if (zmq_send(router, "D1", 2, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0) {
            TU_EQ_INT(zmq_errno(), EAGAIN);
            break;
        }
        TU_EQ_INT(zmq_send(router, "m", 1, ZMQ_DONTWAIT), 1);
    }
    TU_ASSERT_MSG(n > 0 && n < 1000, "sent %d before EAGAIN", n);
    TU_EQ_INT(zmq_socket_get_peer_state(router, "D1", 2), 0);

    /* The peer reads: POLLOUT again. */
    TU_EQ_INT(tu_drain(dealer), n);
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    do {
        (void)tu_get_int(router, ZMQ_EVENTS);
        st = zmq_socket_get_peer_state(router, "D1", 2);
        if (st != 0)
            break;
        tu_sleep_ms(5);
    } while (tu_now_ms() < deadline);
    TU_EQ_INT(st, ZMQ_POLLOUT);

    /* The peer leaves: unknown again. */
    TU_OK(zmq_close(dealer));
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    do {
        (void)tu_get_int(router, ZMQ_EVENTS);
        st = zmq_socket_get_peer_state(router, "D1", 2);
        if (st < 0)
            break;
        tu_sleep_ms(5);
    } while (tu_now_ms() < deadline);
    TU_ERR(st, EHOSTUNREACH);

    /* REP answers as a ROUTER. */
    rep = tu_socket(ctx, ZMQ_REP);
    req = tu_socket(ctx, ZMQ_REQ);
    TU_OK(zmq_setsockopt(req, ZMQ_ROUTING_ID, "R1", 2));
    TU_OK(zmq_bind(rep, tu_inproc_endpoint(ep2, sizeof ep2)));
    TU_OK(zmq_connect(req, ep2));
    TU_ERR(zmq_socket_get_peer_state(rep, "R2", 2), EHOSTUNREACH);
    TU_EQ_INT(wait_known(rep, "R1"), ZMQ_POLLOUT);

    /* Other types, and not a socket. */
    TU_ERR(zmq_socket_get_peer_state(req, "R1", 2), ENOTSUP);
    pair = tu_socket(ctx, ZMQ_PAIR);
    TU_ERR(zmq_socket_get_peer_state(pair, "x", 1), ENOTSUP);
    TU_ERR(zmq_socket_get_peer_state(NULL, "x", 1), ENOTSOCK);
    TU_ERR(zmq_socket_get_peer_state(ctx, "x", 1), ENOTSOCK);

    TU_OK(zmq_close(pair));
    TU_OK(zmq_close(req));
    TU_OK(zmq_close(rep));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    printf("peer state: ok\n");
    return 0;
}
