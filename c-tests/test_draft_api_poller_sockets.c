/* DRAFT zmq_poller with sockets:
 *   - an event names the socket, its user_data, fd -1, and the events that
 *     occurred among those asked for;
 *   - level-triggered: a readable socket is reported by every wait until
 *     it is drained, then the wait times out (EAGAIN);
 *   - zmq_poller_modify changes what is asked for (POLLOUT on a connected
 *     PUSH; 0 stops reporting); zmq_poller_remove stops it for good;
 *   - zmq_poller_wait_all reports every ready socket, in registration
 *     order, at most n_events of them;
 *   - a wait without timeout wakes when a message arrives over tcp from
 *     another thread;
 *   - after zmq_ctx_shutdown a wait on one of its sockets is ETERM. */
#include "testutil.h"
#include <pthread.h>

static char endpoint[256];

static void *late_sender(void *ctx)
{
    void *push = zmq_socket(ctx, ZMQ_PUSH);
    int linger = 1000;
    zmq_setsockopt(push, ZMQ_LINGER, &linger, sizeof linger);
    zmq_connect(push, endpoint);
    tu_sleep_ms(100);
    zmq_send(push, "late", 4, 0);
    zmq_close(push);
    return NULL;
}

int main(void)
{
    void *ctx, *a, *b, *pull, *push, *poller;
    zmq_poller_event_t ev, evs[4];
    int tag_a = 1, tag_b = 2, i;
    char ep[64], buf[16];
    pthread_t th;
    TU_START();

    ctx = tu_ctx();
    a = tu_socket(ctx, ZMQ_PAIR);
    b = tu_socket(ctx, ZMQ_PAIR);
    TU_OK(zmq_bind(a, tu_inproc_endpoint(ep, sizeof ep)));
    TU_OK(zmq_connect(b, ep));

    poller = zmq_poller_new();
    TU_ASSERT(poller != NULL);
    TU_OK(zmq_poller_add(poller, a, &tag_a, ZMQ_POLLIN));
    TU_OK(zmq_poller_add(poller, b, &tag_b, ZMQ_POLLIN));
    TU_ERR(zmq_poller_wait(poller, &ev, 0), EAGAIN);

    /* b -> a: a readable, reported on every wait until drained. */
    tu_send_str(b, "one", 0);
    for (i = 0; i < 3; i++) {
        memset(&ev, 0, sizeof ev);
        TU_OK(zmq_poller_wait(poller, &ev, TU_TIMEOUT_MS));
        TU_ASSERT(ev.socket == a);
        TU_ASSERT(ev.user_data == &tag_a);
        TU_EQ_INT(ev.fd, -1);
        TU_EQ_INT(ev.events, ZMQ_POLLIN);
    }
    tu_recv_str(a, "one", 0);
    TU_ERR(zmq_poller_wait(poller, &ev, 0), EAGAIN);
    TU_ERR(zmq_poller_wait(poller, &ev, 30), EAGAIN);

    /* Both readable: wait_all reports both, in registration order; with
     * room for one, only the first. */
    tu_send_str(b, "to-a", 0);
    tu_send_str(a, "to-b", 0);
    TU_ASSERT(tu_wait_readable(a, TU_TIMEOUT_MS));
    TU_ASSERT(tu_wait_readable(b, TU_TIMEOUT_MS));
    memset(evs, 0, sizeof evs);
    TU_EQ_INT(zmq_poller_wait_all(poller, evs, 4, 0), 2);
    TU_ASSERT(evs[0].socket == a && evs[0].user_data == &tag_a);
    TU_ASSERT(evs[1].socket == b && evs[1].user_data == &tag_b);
    TU_EQ_INT(evs[0].events, ZMQ_POLLIN);
    TU_EQ_INT(evs[1].events, ZMQ_POLLIN);
    TU_ASSERT(evs[2].socket == NULL && evs[2].events == 0);
    TU_EQ_INT(zmq_poller_wait_all(poller, evs, 1, 0), 1);
    TU_ASSERT(evs[0].socket == a);

    /* Only what is asked for: POLLIN|POLLOUT on a PAIR with a peer gives
     * both bits; 0 gives nothing; POLLOUT alone only POLLOUT. */
    TU_OK(zmq_poller_modify(poller, a, ZMQ_POLLIN | ZMQ_POLLOUT));
    TU_EQ_INT(zmq_poller_wait_all(poller, evs, 4, 0), 2);
    TU_ASSERT(evs[0].socket == a);
    TU_EQ_INT(evs[0].events, ZMQ_POLLIN | ZMQ_POLLOUT);
    TU_OK(zmq_poller_modify(poller, a, 0));
    TU_EQ_INT(zmq_poller_wait_all(poller, evs, 4, 0), 1);
    TU_ASSERT(evs[0].socket == b);
    TU_OK(zmq_poller_modify(poller, a, ZMQ_POLLOUT));
    TU_EQ_INT(zmq_poller_wait_all(poller, evs, 4, 0), 2);
    TU_ASSERT(evs[0].socket == a);
    TU_EQ_INT(evs[0].events, ZMQ_POLLOUT);
    /* removed: never reported again */
    TU_OK(zmq_poller_remove(poller, b));
    TU_EQ_INT(zmq_poller_wait_all(poller, evs, 4, 0), 1);
    TU_ASSERT(evs[0].socket == a);
    tu_recv_str(a, "to-a", 0);
    tu_recv_str(b, "to-b", 0);
    TU_OK(zmq_poller_remove(poller, a));
    TU_EQ_INT(zmq_poller_size(poller), 0);

    /* tcp, a message from another thread wakes a wait without timeout. */
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_tcp(pull, endpoint, sizeof endpoint);
    TU_OK(zmq_poller_add(poller, pull, NULL, ZMQ_POLLIN));
    TU_ASSERT(pthread_create(&th, NULL, late_sender, ctx) == 0);
    TU_OK(zmq_poller_wait(poller, &ev, -1));
    TU_ASSERT(ev.socket == pull);
    TU_EQ_INT(ev.events, ZMQ_POLLIN);
    TU_EQ_INT(zmq_recv(pull, buf, sizeof buf, 0), 4);
    TU_ASSERT(memcmp(buf, "late", 4) == 0);
    pthread_join(th, NULL);

    /* A PUSH is writable once connected. */
    push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_poller_add(poller, push, NULL, ZMQ_POLLOUT));
    TU_OK(zmq_connect(push, endpoint));
    TU_OK(zmq_poller_wait(poller, &ev, TU_TIMEOUT_MS));
    TU_ASSERT(ev.socket == push);
    TU_EQ_INT(ev.events, ZMQ_POLLOUT);

    /* After the context is shut down: ETERM. */
    TU_OK(zmq_ctx_shutdown(ctx));
    TU_ERR(zmq_poller_wait(poller, &ev, 0), ETERM);
    TU_ASSERT(ev.socket == NULL && ev.events == 0);
    TU_OK(zmq_poller_destroy(&poller));

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_ctx_term(ctx));
    printf("poller sockets: ok\n");
    return 0;
}
