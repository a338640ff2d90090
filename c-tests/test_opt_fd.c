/* ZMQ_FD is a pollable file descriptor (size sizeof(int) on POSIX): the
 * documented loop "check ZMQ_EVENTS, else poll(2) the fd for POLLIN"
 * wakes up and finds the message.  The fd is the same on every call. */
#include "testutil.h"
#include <fcntl.h>
#include <poll.h>

int main(void)
{
    void *ctx, *push, *pull;
    char ep[256];
    int fd = -1, fd2 = -1;
    size_t len = sizeof fd;
    int64_t deadline;
    struct pollfd pfd;
    TU_START();

    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);

    TU_OK(zmq_getsockopt(pull, ZMQ_FD, &fd, &len));
    TU_EQ_INT(len, sizeof(int));
    TU_ASSERT(fd >= 0);
    TU_ASSERT(fcntl(fd, F_GETFD) != -1);
    len = sizeof fd2;
    TU_OK(zmq_getsockopt(pull, ZMQ_FD, &fd2, &len));
    TU_EQ_INT(fd2, fd);
    /* too small a buffer */
    len = 2;
    TU_ERR(zmq_getsockopt(pull, ZMQ_FD, &fd2, &len), EINVAL);

    /* pollable: poll(2) accepts it (no POLLNVAL) */
    pfd.fd = fd;
    pfd.events = POLLIN;
    pfd.revents = 0;
    TU_ASSERT(poll(&pfd, 1, 0) >= 0);
    TU_ASSERT((pfd.revents & POLLNVAL) == 0);

    tu_bind_any(pull, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "via fd", 0);

    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    for (;;) {
        int ev = tu_get_int(pull, ZMQ_EVENTS);
        if (ev & ZMQ_POLLIN)
            break;
        TU_ASSERT_MSG(tu_now_ms() < deadline, "never readable");
        pfd.fd = fd;
        pfd.events = POLLIN;
        pfd.revents = 0;
        TU_ASSERT(poll(&pfd, 1, 100) >= 0);
        TU_ASSERT((pfd.revents & (POLLNVAL | POLLERR)) == 0);
    }
    tu_recv_str(pull, "via fd", 0);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
