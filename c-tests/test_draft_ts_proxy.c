/* zmq_proxy_steerable with thread-safe sockets: a GATHER frontend and a
 * SCATTER backend relay a pipeline (SCATTER -> proxy -> GATHER) in both
 * libzmq and ferromq; TERMINATE on the control socket ends it with 0. */
#include "testutil.h"
#include <pthread.h>

static void *front, *back, *ctl_end;
static int proxy_rc = -2;

static void *proxy_thread(void *arg)
{
    (void)arg;
    proxy_rc = zmq_proxy_steerable(front, back, NULL, ctl_end);
    return NULL;
}

int main(void)
{
    void *ctx, *src, *sink, *ctl;
    char ep_in[256], ep_out[256], ep_ctl[256];
    pthread_t th;
    int i;
    TU_START();
    ctx = tu_ctx();
    front = tu_socket(ctx, ZMQ_GATHER);
    back = tu_socket(ctx, ZMQ_SCATTER);
    ctl_end = tu_socket(ctx, ZMQ_PAIR);
    ctl = tu_socket(ctx, ZMQ_PAIR);
    tu_bind_any(front, "tcp", ep_in, sizeof ep_in);
    tu_bind_any(back, "tcp", ep_out, sizeof ep_out);
    tu_bind_any(ctl_end, "inproc", ep_ctl, sizeof ep_ctl);
    TU_OK(zmq_connect(ctl, ep_ctl));
    src = tu_socket(ctx, ZMQ_SCATTER);
    sink = tu_socket(ctx, ZMQ_GATHER);
    TU_OK(zmq_connect(src, ep_in));
    TU_OK(zmq_connect(sink, ep_out));
    TU_ASSERT(pthread_create(&th, NULL, proxy_thread, NULL) == 0);
    for (i = 0; i < 100; i++)
        tu_send_str(src, "relayed", 0);
    for (i = 0; i < 100; i++)
        tu_recv_str(sink, "relayed", 0);
    tu_send_str(ctl, "TERMINATE", 0);
    TU_ASSERT(pthread_join(th, NULL) == 0);
    TU_EQ_INT(proxy_rc, 0);
    TU_OK(zmq_close(src));
    TU_OK(zmq_close(sink));
    TU_OK(zmq_close(ctl));
    TU_OK(zmq_close(ctl_end));
    TU_OK(zmq_close(front));
    TU_OK(zmq_close(back));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
