/* A thread blocked in zmq_recv on a socket with one tcp/ipc connection
 * keeps waiting correctly while that connection changes under it:
 *  1. connect side: the peer goes away and a new peer binds the same
 *     endpoint; the reconnected peer's message reaches the blocked recv;
 *  2. bind side: the only peer disconnects and another connects and sends;
 *  3. the context is shut down: the blocked recv returns ETERM.
 * (ferromq lets a blocked thread read a lone connection itself; these are
 * the cases where the connection is taken away from it.) */
#include "testutil.h"

#include <pthread.h>

struct job {
    void *ctx;
    void *sock; /* the socket the job works on (closed by the job) */
    void *sock2; /* a socket the job made (closed by the main thread) */
    char ep[256];
};

/* Case 1: close the ROUTER the DEALER is connected to, bind a new one on
 * the same endpoint, and send to the DEALER once it is reconnected. */
static void *replace_router(void *arg)
{
    struct job *j = arg;
    void *r2;
    int64_t until;
    tu_sleep_ms(150); /* the main thread is now blocked in recv */
    TU_OK(zmq_close(j->sock));
    r2 = tu_socket(j->ctx, ZMQ_ROUTER);
    tu_set_int(r2, ZMQ_ROUTER_MANDATORY, 1);
    tu_bind_retry(r2, j->ep);
    until = tu_now_ms() + TU_TIMEOUT_MS;
    for (;;) {
        /* EHOSTUNREACH until the DEALER has reconnected and said who it is */
        if (zmq_send(r2, "D", 1, ZMQ_SNDMORE) == 1) {
            TU_EQ_INT(zmq_send(r2, "hello again", 11, 0), 11);
            break;
        }
        TU_EQ_INT(zmq_errno(), EHOSTUNREACH);
        TU_ASSERT_MSG(tu_now_ms() < until, "DEALER did not reconnect");
        tu_sleep_ms(10);
    }
    TU_OK(zmq_close(r2));
    return NULL;
}

static void connect_side(void *ctx, const char *transport)
{
    struct job j;
    pthread_t t;
    void *dealer;
    char buf[64];
    int n;

    j.ctx = ctx;
    j.sock = tu_socket(ctx, ZMQ_ROUTER);
    tu_bind_any(j.sock, transport, j.ep, sizeof j.ep);

    dealer = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, "D", 1));
    tu_set_int(dealer, ZMQ_RECONNECT_IVL, 20);
    tu_set_int(dealer, ZMQ_RCVTIMEO, TU_TIMEOUT_MS);
    TU_OK(zmq_connect(dealer, j.ep));
    /* make sure the first connection is up before blocking on it */
    tu_send_str(dealer, "hi", 0);
    TU_EQ_INT(zmq_recv(j.sock, buf, sizeof buf, 0), 1);
    TU_EQ_INT(zmq_recv(j.sock, buf, sizeof buf, 0), 2);

    TU_ASSERT(pthread_create(&t, NULL, replace_router, &j) == 0);
    n = zmq_recv(dealer, buf, sizeof buf, 0);
    TU_ASSERT_MSG(n == 11 && memcmp(buf, "hello again", 11) == 0,
                  "%s: blocked recv got %d (errno %d)", transport, n,
                  zmq_errno());
    TU_ASSERT(pthread_join(t, NULL) == 0);
    TU_OK(zmq_close(dealer));
}

/* Case 2: the PUSH the PULL reads from leaves; a new PUSH connects. */
static void *replace_pusher(void *arg)
{
    struct job *j = arg;
    void *p2;
    tu_sleep_ms(150);
    TU_OK(zmq_close(j->sock));
    tu_sleep_ms(50);
    p2 = tu_socket(j->ctx, ZMQ_PUSH);
    TU_OK(zmq_connect(p2, j->ep));
    tu_send_str(p2, "from the second pusher", 0);
    j->sock2 = p2;
    return NULL;
}

static void bind_side(void *ctx, const char *transport)
{
    struct job j;
    pthread_t t;
    void *pull;
    char buf[64];
    int n;

    j.ctx = ctx;
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_set_int(pull, ZMQ_RCVTIMEO, TU_TIMEOUT_MS);
    tu_bind_any(pull, transport, j.ep, sizeof j.ep);
    j.sock = tu_socket(ctx, ZMQ_PUSH);
    tu_set_int(j.sock, ZMQ_LINGER, 0);
    TU_OK(zmq_connect(j.sock, j.ep));
    tu_send_str(j.sock, "first", 0);
    tu_recv_str(pull, "first", 0);

    TU_ASSERT(pthread_create(&t, NULL, replace_pusher, &j) == 0);
    n = zmq_recv(pull, buf, sizeof buf, 0);
    TU_ASSERT_MSG(n == 22 && memcmp(buf, "from the second pusher", 22) == 0,
                  "%s: blocked recv got %d (errno %d)", transport, n,
                  zmq_errno());
    TU_ASSERT(pthread_join(t, NULL) == 0);
    TU_OK(zmq_close(j.sock2));
    TU_OK(zmq_close(pull));
}

/* Case 3 */
static void *shut_down(void *arg)
{
    tu_sleep_ms(150);
    TU_OK(zmq_ctx_shutdown(arg));
    return NULL;
}

static void shutdown_while_blocked(const char *transport)
{
    void *ctx = tu_ctx();
    void *pair_a, *pair_b;
    char ep[256], buf[8];
    pthread_t t;
    int64_t start;

    pair_a = tu_socket(ctx, ZMQ_PAIR);
    tu_bind_any(pair_a, transport, ep, sizeof ep);
    pair_b = tu_socket(ctx, ZMQ_PAIR);
    TU_OK(zmq_connect(pair_b, ep));
    tu_send_str(pair_b, "up", 0);
    tu_recv_str(pair_a, "up", 0);

    TU_ASSERT(pthread_create(&t, NULL, shut_down, ctx) == 0);
    start = tu_now_ms();
    TU_ERR(zmq_recv(pair_b, buf, sizeof buf, 0), ETERM); /* no timeout */
    TU_ASSERT(tu_now_ms() - start < TU_TIMEOUT_MS);
    TU_ASSERT(pthread_join(t, NULL) == 0);
    TU_OK(zmq_close(pair_a));
    TU_OK(zmq_close(pair_b));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    void *ctx;
    TU_START();

    ctx = tu_ctx();
    connect_side(ctx, "tcp");
    connect_side(ctx, "ipc");
    bind_side(ctx, "tcp");
    bind_side(ctx, "ipc");
    TU_OK(zmq_ctx_term(ctx));

    shutdown_while_blocked("tcp");
    shutdown_while_blocked("ipc");
    return 0;
}
