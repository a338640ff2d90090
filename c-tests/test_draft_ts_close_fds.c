/* Closing thread-safe sockets gives back their file descriptors: after
 * 300 CLIENT/SERVER sockets were opened, used over inproc and closed, the
 * process soon holds about as many descriptors as before (libzmq's
 * thread-safe sockets have no descriptor of their own, their connections
 * do until its reaper thread gets to them; ours have an eventfd each,
 * closed with the socket). */
#include "testutil.h"
#include <dirent.h>

static int open_fds(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    TU_ASSERT(d != NULL);
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

int main(void)
{
    void *ctx;
    char ep[256];
    int before, after, i;
    int64_t deadline;
    TU_START();
    ctx = tu_ctx();
    /* the context's own descriptors (I/O thread) exist once a socket did */
    TU_OK(zmq_close(tu_socket(ctx, ZMQ_CLIENT)));
    before = open_fds();
    for (i = 0; i < 150; i++) {
        void *server = tu_socket(ctx, ZMQ_SERVER);
        void *client = tu_socket(ctx, ZMQ_CLIENT);
        tu_bind_any(server, "inproc", ep, sizeof ep);
        TU_OK(zmq_connect(client, ep));
        tu_send_str(client, "x", 0);
        tu_recv_str(server, "x", 0);
        TU_OK(zmq_close(client));
        TU_OK(zmq_close(server));
    }
    /* libzmq's reaper thread closes sockets a moment later: wait (bounded)
     * for the count to settle */
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    while ((after = open_fds()) - before >= 20 && tu_now_ms() < deadline)
        tu_sleep_ms(10);
    TU_ASSERT_MSG(after - before < 20, "%d descriptors before, %d after",
                  before, after);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
