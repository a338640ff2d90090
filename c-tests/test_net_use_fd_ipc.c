/* ZMQ_USE_FD with ipc: zmq_bind listens on the application's own bound
 * and listening unix socket: the socket file is neither removed nor bound
 * anew (same inode), ZMQ_LAST_ENDPOINT names its path, peers connect
 * through it, and closing the zmq socket closes the descriptor but leaves
 * the file to the application (libzmq does not unlink it). */
#include "testutil.h"
#include "netutil.h"
#include <sys/stat.h>
#include <sys/un.h>

int main(void)
{
    void *ctx, *pull, *push;
    char path[108], want[160], ep[256];
    struct sockaddr_un a;
    struct stat before, after;
    int fd;
    TU_START();

    tu_ipc_path(path, sizeof path);
    snprintf(want, sizeof want, "ipc://%s", path);
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    TU_ASSERT(fd >= 0);
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    strncpy(a.sun_path, path, sizeof a.sun_path - 1);
    TU_OK(bind(fd, (struct sockaddr *)&a, sizeof a));
    TU_OK(listen(fd, 16));
    TU_OK(stat(path, &before));

    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    push = tu_socket(ctx, ZMQ_PUSH);
    tu_set_int(pull, ZMQ_USE_FD, fd);
    TU_OK(zmq_bind(pull, want));
    tu_last_endpoint(pull, ep, sizeof ep);
    TU_EQ_STR(ep, want);
    TU_OK(stat(path, &after));
    TU_EQ_INT(after.st_ino, before.st_ino);

    TU_OK(zmq_connect(push, want));
    tu_send_str(push, "over the adopted unix socket", 0);
    tu_recv_str(pull, "over the adopted unix socket", 0);

    TU_OK(zmq_close(pull));
    TU_OK(zmq_close(push));
    TU_OK(zmq_ctx_term(ctx));
    TU_ASSERT_MSG(!nu_fd_open(fd), "fd %d still open after close", fd);
    TU_OK(stat(path, &after));
    TU_EQ_INT(after.st_ino, before.st_ino);
    return 0;
}
