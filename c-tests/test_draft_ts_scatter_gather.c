/* DRAFT SCATTER/GATHER (RFC 49) over tcp, ipc and inproc: SCATTER deals
 * messages round robin to its GATHER peers; GATHER fair-queues from its
 * SCATTER peers; SCATTER cannot receive and GATHER cannot send (ENOTSUP);
 * multipart sends are EINVAL; both are thread-safe; ZMQ_FD is EINVAL. */
#include "testutil.h"

static void run(void *ctx, const char *transport)
{
    char ep[256], buf[32];
    void *scatter = tu_socket(ctx, ZMQ_SCATTER);
    void *g1 = tu_socket(ctx, ZMQ_GATHER);
    void *g2 = tu_socket(ctx, ZMQ_GATHER);
    int i, n1 = 0, n2 = 0, fd;
    size_t len = sizeof fd;

    tu_bind_any(scatter, transport, ep, sizeof ep);
    TU_OK(zmq_connect(g1, ep));
    TU_OK(zmq_connect(g2, ep));
    /* both connections are up once each gathered one message sent to it
     * alone: send until each has one (round robin over the pipes that
     * exist; a pipe attaches when its connection is made) */
    if (strcmp(transport, "inproc") != 0) {
        /* wait for both tcp/ipc peers: a probe per peer, drained below */
        void *probe[2];
        probe[0] = g1;
        probe[1] = g2;
        for (i = 0; i < 2; i++) {
            zmq_pollitem_t it;
            memset(&it, 0, sizeof it);
            it.socket = probe[i];
            it.events = ZMQ_POLLIN;
            while (zmq_poll(&it, 1, 0) == 0) {
                tu_send_str(scatter, "probe", 0);
                TU_ASSERT(zmq_poll(&it, 1, 100) >= 0);
            }
        }
        tu_drain(g1);
        tu_drain(g2);
        /* messages sent while draining may still be on their way */
        while (tu_wait_readable(g1, 100) || tu_wait_readable(g2, 100)) {
            tu_drain(g1);
            tu_drain(g2);
        }
    }
    /* round robin: 10 messages, 5 each */
    for (i = 0; i < 10; i++)
        tu_send_str(scatter, "rr", 0);
    for (i = 0; i < 10; i++) {
        zmq_pollitem_t items[2];
        memset(items, 0, sizeof items);
        items[0].socket = g1;
        items[0].events = ZMQ_POLLIN;
        items[1].socket = g2;
        items[1].events = ZMQ_POLLIN;
        TU_ASSERT(zmq_poll(items, 2, TU_TIMEOUT_MS) > 0);
        if (items[0].revents & ZMQ_POLLIN) {
            tu_recv_str(g1, "rr", 0);
            n1++;
        } else {
            tu_recv_str(g2, "rr", 0);
            n2++;
        }
    }
    TU_EQ_INT(n1, 5);
    TU_EQ_INT(n2, 5);

    /* directions and single-part */
    TU_ERR(zmq_recv(scatter, buf, sizeof buf, ZMQ_DONTWAIT), ENOTSUP);
    TU_ERR(zmq_send(g1, "x", 1, 0), ENOTSUP);
    TU_ERR(zmq_send(scatter, "x", 1, ZMQ_SNDMORE), EINVAL);
    TU_EQ_INT(tu_get_int(scatter, ZMQ_THREAD_SAFE), 1);
    TU_EQ_INT(tu_get_int(g1, ZMQ_THREAD_SAFE), 1);
    TU_ERR(zmq_getsockopt(scatter, ZMQ_FD, &fd, &len), EINVAL);
    TU_ERR(zmq_getsockopt(g1, ZMQ_FD, &fd, &len), EINVAL);
    TU_EQ_INT(tu_get_int(scatter, ZMQ_EVENTS), ZMQ_POLLOUT);
    TU_EQ_INT(tu_get_int(g1, ZMQ_EVENTS), 0);

    TU_OK(zmq_close(g1));
    TU_OK(zmq_close(g2));
    TU_OK(zmq_close(scatter));
}

/* GATHER fair-queues: two SCATTERs with three messages queued each
 * (inproc queues at send time) are read alternately. */
static void fair_queue(void *ctx)
{
    char ep[256];
    void *gather = tu_socket(ctx, ZMQ_GATHER);
    void *s1 = tu_socket(ctx, ZMQ_SCATTER);
    void *s2 = tu_socket(ctx, ZMQ_SCATTER);
    int i;
    tu_bind_any(gather, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(s1, ep));
    TU_OK(zmq_connect(s2, ep));
    for (i = 0; i < 3; i++) {
        tu_send_str(s1, "one", 0);
        tu_send_str(s2, "two", 0);
    }
    for (i = 0; i < 3; i++) {
        tu_recv_str(gather, "one", 0);
        tu_recv_str(gather, "two", 0);
    }
    TU_OK(zmq_close(s1));
    TU_OK(zmq_close(s2));
    TU_OK(zmq_close(gather));
}

int main(void)
{
    void *ctx;
    TU_START();
    ctx = tu_ctx();
    run(ctx, "tcp");
    run(ctx, "ipc");
    run(ctx, "inproc");
    fair_queue(ctx);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
