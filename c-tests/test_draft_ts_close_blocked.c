/* Thread-safe sockets and other threads' blocking calls:
 * - zmq_ctx_shutdown wakes threads blocked in zmq_recv and zmq_send on a
 *   CLIENT with ETERM (as for any socket, in libzmq and ours);
 * - two threads blocked in zmq_recv on one SERVER both wake with ETERM;
 * - ferromq only (libzmq leaves it undefined: its blocked thread waits on
 *   a condition variable inside the socket it frees): zmq_close from
 *   another thread wakes threads blocked in zmq_recv with ETERM, and
 *   the closed handle then reads as ENOTSOCK. */
#include "testutil.h"
#include <pthread.h>

struct call
{
    void *s;
    int send;
    int rc, err;
};

static void *blocked(void *arg)
{
    struct call *c = arg;
    char buf[16];
    if (c->send)
        c->rc = zmq_send(c->s, "x", 1, 0);
    else
        c->rc = zmq_recv(c->s, buf, sizeof buf, 0);
    c->err = zmq_errno();
    return NULL;
}

int main(void)
{
    void *ctx, *client, *server, *lonely;
    struct call c[4];
    pthread_t th[4];
    char ep[256];
    int i;
    TU_START();

    ctx = tu_ctx();
    client = tu_socket(ctx, ZMQ_CLIENT);
    server = tu_socket(ctx, ZMQ_SERVER);
    lonely = tu_socket(ctx, ZMQ_CLIENT);
    tu_set_timeouts(client, -1);
    tu_set_timeouts(server, -1);
    tu_set_timeouts(lonely, -1);
    tu_bind_any(server, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(client, ep));
    c[0].s = client, c[0].send = 0;
    c[1].s = lonely, c[1].send = 1; /* no peer: send blocks */
    c[2].s = server, c[2].send = 0;
    c[3].s = server, c[3].send = 0;
    for (i = 0; i < 4; i++)
        TU_ASSERT(pthread_create(&th[i], NULL, blocked, &c[i]) == 0);
    tu_sleep_ms(100);
    TU_OK(zmq_ctx_shutdown(ctx));
    for (i = 0; i < 4; i++) {
        TU_ASSERT(pthread_join(th[i], NULL) == 0);
        TU_EQ_INT(c[i].rc, -1);
        TU_EQ_INT(c[i].err, ETERM);
    }
    TU_OK(zmq_close(client));
    TU_OK(zmq_close(server));
    TU_OK(zmq_close(lonely));
    TU_OK(zmq_ctx_term(ctx));

    if (!tu_lib_is_ferromq()) {
        printf("close from another thread: not checked on %s (undefined "
               "there)\n",
               tu_lib_name());
        return 0;
    }
    ctx = tu_ctx();
    client = tu_socket(ctx, ZMQ_CLIENT);
    tu_set_timeouts(client, -1);
    TU_OK(zmq_connect(client, tu_inproc_endpoint(ep, sizeof ep)));
    c[0].s = client, c[0].send = 0;
    c[1].s = client, c[1].send = 0;
    for (i = 0; i < 2; i++)
        TU_ASSERT(pthread_create(&th[i], NULL, blocked, &c[i]) == 0);
    tu_sleep_ms(100);
    TU_OK(zmq_close(client));
    for (i = 0; i < 2; i++) {
        TU_ASSERT(pthread_join(th[i], NULL) == 0);
        TU_EQ_INT(c[i].rc, -1);
        /* ENOTSOCK if the thread only reached zmq_recv after the close */
        TU_ASSERT_MSG(c[i].err == ETERM || c[i].err == ENOTSOCK, "errno %d",
                      c[i].err);
    }
    TU_ERR(zmq_send(client, "x", 1, ZMQ_DONTWAIT), ENOTSOCK);
    TU_ERR(zmq_close(client), ENOTSOCK);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
