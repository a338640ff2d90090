/* One zmq_poll call over sockets and plain fds together reports each item
 * independently and returns the number of items with events. */
#include "testutil.h"

int main(void)
{
    void *ctx, *push, *pull, *idle;
    char ep[256], c;
    int fds[2], quiet[2];
    zmq_pollitem_t items[4];
    TU_START();

    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);
    idle = tu_socket(ctx, ZMQ_PULL);
    tu_bind_any(pull, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));
    TU_EQ_INT(pipe(fds), 0);
    TU_EQ_INT(pipe(quiet), 0);

    memset(items, 0, sizeof items);
    items[0].socket = pull;
    items[0].events = ZMQ_POLLIN;
    items[1].fd = fds[0];
    items[1].events = ZMQ_POLLIN;
    items[2].socket = idle;
    items[2].events = ZMQ_POLLIN;
    items[3].fd = quiet[0];
    items[3].events = ZMQ_POLLIN;

    TU_EQ_INT(zmq_poll(items, 4, 20), 0);

    /* only the fd */
    TU_EQ_INT(write(fds[1], "x", 1), 1);
    TU_EQ_INT(zmq_poll(items, 4, TU_TIMEOUT_MS), 1);
    TU_EQ_INT(items[0].revents, 0);
    TU_EQ_INT(items[1].revents, ZMQ_POLLIN);
    TU_EQ_INT(items[2].revents, 0);
    TU_EQ_INT(items[3].revents, 0);

    /* fd and socket: wait until the message is there too */
    tu_send_str(push, "m", 0);
    TU_ASSERT(tu_wait_readable(pull, TU_TIMEOUT_MS));
    TU_EQ_INT(zmq_poll(items, 4, 0), 2);
    TU_EQ_INT(items[0].revents, ZMQ_POLLIN);
    TU_EQ_INT(items[1].revents, ZMQ_POLLIN);
    TU_EQ_INT(items[2].revents, 0);
    TU_EQ_INT(items[3].revents, 0);

    /* only the socket */
    TU_EQ_INT(read(fds[0], &c, 1), 1);
    TU_EQ_INT(zmq_poll(items, 4, 0), 1);
    TU_EQ_INT(items[0].revents, ZMQ_POLLIN);
    TU_EQ_INT(items[1].revents, 0);

    /* a socket becoming readable wakes a poll that also waits on fds */
    tu_recv_str(pull, "m", 0);
    tu_send_str(push, "n", 0);
    TU_EQ_INT(zmq_poll(items, 4, TU_TIMEOUT_MS), 1);
    TU_EQ_INT(items[0].revents, ZMQ_POLLIN);
    tu_recv_str(pull, "n", 0);

    close(fds[0]);
    close(fds[1]);
    close(quiet[0]);
    close(quiet[1]);
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_close(idle));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
