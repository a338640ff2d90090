/* DRAFT zmq_poller with plain file descriptors:
 *   - an event names the fd, socket NULL, its user_data, and what poll(2)
 *     reported: POLLIN, POLLOUT, POLLPRI, and POLLERR for anything else
 *     (a hang-up), whether asked for or not;
 *   - an fd registered with no events is not polled at all (not even for
 *     a hang-up); zmq_poller_modify_fd turns it on and off;
 *   - sockets and fds mix, reported in registration order;
 *   - a socket's ZMQ_FD can be registered as a plain fd (libzmq's own
 *     test_poll_fd): it becomes readable once the socket has news. */
#include "testutil.h"

int main(void)
{
    void *ctx, *push, *pull, *poller;
    zmq_poller_event_t ev, evs[4];
    int p[2], q[2], tag = 7;
    zmq_fd_t zfd;
    size_t len = sizeof zfd;
    char ep[256], c;
    TU_START();

    ctx = tu_ctx();
    poller = zmq_poller_new();
    TU_ASSERT(poller != NULL);
    TU_ASSERT(pipe(p) == 0);
    TU_ASSERT(pipe(q) == 0);

    /* The read end: nothing, then POLLIN once written, until read. */
    TU_OK(zmq_poller_add_fd(poller, p[0], &tag, ZMQ_POLLIN));
    TU_ERR(zmq_poller_wait(poller, &ev, 0), EAGAIN);
    TU_ERR(zmq_poller_wait(poller, &ev, 30), EAGAIN);
    TU_ASSERT(write(p[1], "x", 1) == 1);
    TU_OK(zmq_poller_wait(poller, &ev, TU_TIMEOUT_MS));
    TU_ASSERT(ev.socket == NULL);
    TU_EQ_INT(ev.fd, p[0]);
    TU_ASSERT(ev.user_data == &tag);
    TU_EQ_INT(ev.events, ZMQ_POLLIN);
    TU_OK(zmq_poller_wait(poller, &ev, 0)); /* level-triggered */
    TU_ASSERT(read(p[0], &c, 1) == 1);
    TU_ERR(zmq_poller_wait(poller, &ev, 0), EAGAIN);

    /* The write end of q: POLLOUT; off with events 0; on again. */
    TU_OK(zmq_poller_add_fd(poller, q[1], NULL, ZMQ_POLLOUT));
    TU_OK(zmq_poller_wait(poller, &ev, 0));
    TU_EQ_INT(ev.fd, q[1]);
    TU_EQ_INT(ev.events, ZMQ_POLLOUT);
    TU_OK(zmq_poller_modify_fd(poller, q[1], 0));
    TU_ERR(zmq_poller_wait(poller, &ev, 0), EAGAIN);
    TU_OK(zmq_poller_modify_fd(poller, q[1], ZMQ_POLLOUT | ZMQ_POLLIN));
    TU_OK(zmq_poller_wait(poller, &ev, 0));
    TU_EQ_INT(ev.events, ZMQ_POLLOUT);

    /* Hang-ups are POLLERR, asked for or not: q's reader gone -> the
     * writer gets POLLOUT|POLLERR; p's writer gone -> the reader gets
     * POLLERR (POLLHUP, nothing to read). Both, in registration order. */
    close(q[0]);
    close(p[1]);
    memset(evs, 0, sizeof evs);
    TU_EQ_INT(zmq_poller_wait_all(poller, evs, 4, 0), 2);
    TU_EQ_INT(evs[0].fd, p[0]);
    TU_EQ_INT(evs[0].events, ZMQ_POLLERR);
    TU_EQ_INT(evs[1].fd, q[1]);
    TU_EQ_INT(evs[1].events, ZMQ_POLLOUT | ZMQ_POLLERR);
    /* An fd with no events asked is not polled: the hang-up is not seen. */
    TU_OK(zmq_poller_modify_fd(poller, p[0], 0));
    TU_OK(zmq_poller_modify_fd(poller, q[1], 0));
    TU_ERR(zmq_poller_wait_all(poller, evs, 4, 0), EAGAIN);
    TU_OK(zmq_poller_remove_fd(poller, p[0]));
    TU_OK(zmq_poller_remove_fd(poller, q[1]));
    close(p[0]);
    close(q[1]);

    /* A socket and an fd together, in registration order. */
    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_tcp(push, ep, sizeof ep);
    TU_OK(zmq_connect(pull, ep));
    TU_OK(zmq_getsockopt(pull, ZMQ_FD, &zfd, &len));
    /* ZMQ_FD as a plain fd: readable once the connection news arrive. */
    TU_OK(zmq_poller_add_fd(poller, zfd, pull, ZMQ_POLLIN));
    TU_OK(zmq_poller_wait(poller, &ev, TU_TIMEOUT_MS));
    TU_ASSERT(ev.socket == NULL);
    TU_EQ_INT(ev.fd, zfd);
    TU_ASSERT(ev.user_data == pull);
    TU_OK(zmq_poller_remove_fd(poller, zfd));

    TU_ASSERT(pipe(p) == 0);
    TU_OK(zmq_poller_add(poller, pull, NULL, ZMQ_POLLIN));
    TU_OK(zmq_poller_add_fd(poller, p[0], NULL, ZMQ_POLLIN));
    tu_send_str(push, "m", 0);
    TU_ASSERT(write(p[1], "y", 1) == 1);
    TU_ASSERT(tu_wait_readable(pull, TU_TIMEOUT_MS));
    memset(evs, 0, sizeof evs);
    TU_EQ_INT(zmq_poller_wait_all(poller, evs, 4, TU_TIMEOUT_MS), 2);
    TU_ASSERT(evs[0].socket == pull && evs[0].fd == -1);
    TU_ASSERT(evs[1].socket == NULL && evs[1].fd == p[0]);
    TU_EQ_INT(evs[1].events, ZMQ_POLLIN);
    tu_recv_str(pull, "m", 0);
    TU_EQ_INT(zmq_poller_wait_all(poller, evs, 4, 0), 1);
    TU_EQ_INT(evs[0].fd, p[0]);

    TU_OK(zmq_poller_destroy(&poller));
    close(p[0]);
    close(p[1]);
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    printf("poller fds: ok\n");
    return 0;
}
