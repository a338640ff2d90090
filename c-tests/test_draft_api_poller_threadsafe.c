/* DRAFT zmq_poller with thread-safe sockets (SERVER, CLIENT), which give no
 * ZMQ_FD to users but are polled all the same:
 *   - a wait reports a SERVER readable once a CLIENT's message arrived
 *     (socket set, fd -1), then POLLOUT when asked for;
 *   - zmq_poller_fd: once a thread-safe socket was added, the poller has a
 *     descriptor that becomes readable when one of them gets news (for an
 *     event loop of one's own; then zmq_poller_wait with timeout 0); it
 *     stays after the socket is removed, until the poller is destroyed;
 *   - a CLIENT sending from another thread while the main thread waits on
 *     the poller: every message is seen. */
#include "testutil.h"
#include <poll.h>
#include <pthread.h>

#define BURST 200

/* Sends BURST messages on a CLIENT from another thread (thread-safe
 * sockets may be used from any thread). */
static void *burst(void *client)
{
    int i;
    for (i = 0; i < BURST; i++)
        if (zmq_send(client, "b", 1, 0) != 1)
            return (void *)1;
    return NULL;
}

int main(void)
{
    void *ctx, *server, *client, *poller;
    zmq_poller_event_t ev;
    zmq_fd_t fd = -1;
    struct pollfd pfd;
    char ep[256], buf[16];
    TU_START();

    ctx = tu_ctx();
    server = tu_socket(ctx, ZMQ_SERVER);
    client = tu_socket(ctx, ZMQ_CLIENT);
    tu_bind_tcp(server, ep, sizeof ep);

    poller = zmq_poller_new();
    TU_ASSERT(poller != NULL);
    TU_ERR(zmq_poller_fd(poller, &fd), EINVAL);
    TU_OK(zmq_poller_add(poller, server, NULL, ZMQ_POLLIN));
    TU_OK(zmq_poller_fd(poller, &fd));
    TU_ASSERT(fd >= 0);
    TU_ERR(zmq_poller_wait(poller, &ev, 0), EAGAIN);

    TU_OK(zmq_connect(client, ep));
    TU_EQ_INT(zmq_send(client, "I", 1, 0), 1);

    /* The poller's descriptor wakes a plain poll(2). */
    pfd.fd = fd;
    pfd.events = POLLIN;
    pfd.revents = 0;
    TU_EQ_INT(poll(&pfd, 1, TU_TIMEOUT_MS), 1);
    TU_ASSERT(pfd.revents & POLLIN);

    TU_OK(zmq_poller_wait(poller, &ev, TU_TIMEOUT_MS));
    TU_ASSERT(ev.socket == server);
    TU_ASSERT(ev.user_data == NULL);
    TU_EQ_INT(ev.fd, -1);
    TU_EQ_INT(ev.events, ZMQ_POLLIN);
    TU_EQ_INT(zmq_recv(server, buf, sizeof buf, 0), 1);
    TU_ASSERT(buf[0] == 'I');

    TU_OK(zmq_poller_modify(poller, server, ZMQ_POLLOUT | ZMQ_POLLIN));
    TU_OK(zmq_poller_wait(poller, &ev, 0));
    TU_ASSERT(ev.socket == server);
    TU_EQ_INT(ev.events, ZMQ_POLLOUT);

    /* Another thread sends while this one waits. */
    {
        pthread_t th;
        void *res = (void *)1;
        int n = 0;
        TU_OK(zmq_poller_modify(poller, server, ZMQ_POLLIN));
        TU_ASSERT(pthread_create(&th, NULL, burst, client) == 0);
        while (n < BURST) {
            TU_OK(zmq_poller_wait(poller, &ev, TU_TIMEOUT_MS));
            TU_ASSERT(ev.socket == server && ev.events == ZMQ_POLLIN);
            while (zmq_recv(server, buf, sizeof buf, ZMQ_DONTWAIT) == 1)
                n++;
        }
        pthread_join(th, &res);
        TU_ASSERT(res == NULL);
        TU_EQ_INT(n, BURST);
        TU_ERR(zmq_poller_wait(poller, &ev, 0), EAGAIN);
    }

    /* A CLIENT too, in the same poller. */
    TU_OK(zmq_poller_add(poller, client, client, ZMQ_POLLOUT));
    TU_OK(zmq_poller_remove(poller, server));
    TU_OK(zmq_poller_wait(poller, &ev, TU_TIMEOUT_MS));
    TU_ASSERT(ev.socket == client && ev.user_data == client);
    TU_OK(zmq_poller_remove(poller, client));
    /* the signaler stays until the poller goes */
    TU_OK(zmq_poller_fd(poller, &fd));

    TU_OK(zmq_poller_destroy(&poller));
    TU_OK(zmq_close(client));
    TU_OK(zmq_close(server));
    TU_OK(zmq_ctx_term(ctx));
    printf("poller thread-safe: ok\n");
    return 0;
}
