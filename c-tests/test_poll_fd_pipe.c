/* zmq_poll over a plain file descriptor (socket NULL, fd set): a pipe's
 * read end is not readable until something is written to it, then reports
 * ZMQ_POLLIN; its write end reports ZMQ_POLLOUT. */
#include "testutil.h"

int main(void)
{
    int fds[2];
    zmq_pollitem_t item;
    char c;
    TU_START();

    TU_EQ_INT(pipe(fds), 0);
    memset(&item, 0, sizeof item);
    item.socket = NULL;
    item.fd = fds[0];
    item.events = ZMQ_POLLIN;

    TU_EQ_INT(zmq_poll(&item, 1, 50), 0);
    TU_EQ_INT(item.revents, 0);

    TU_EQ_INT(write(fds[1], "k", 1), 1);
    TU_EQ_INT(zmq_poll(&item, 1, TU_TIMEOUT_MS), 1);
    TU_EQ_INT(item.revents, ZMQ_POLLIN);

    TU_EQ_INT(read(fds[0], &c, 1), 1);
    TU_EQ_INT(zmq_poll(&item, 1, 0), 0);

    item.fd = fds[1];
    item.events = ZMQ_POLLOUT;
    TU_EQ_INT(zmq_poll(&item, 1, 0), 1);
    TU_EQ_INT(item.revents, ZMQ_POLLOUT);

    close(fds[0]);
    close(fds[1]);
    return 0;
}
