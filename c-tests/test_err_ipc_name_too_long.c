/* An ipc path that does not fit in sun_path (108 bytes including the NUL,
 * i.e. 108 or more characters) fails with ENAMETOOLONG on bind and on
 * connect; 107 characters are accepted. */
#include "testutil.h"

/* "/tmp/ferromq-ct-PID-" padded with 'x' to exactly n characters */
static void make_path(char *buf, size_t n)
{
    size_t l;
    snprintf(buf, 300, "/tmp/ferromq-ct-%d-", (int)getpid());
    l = strlen(buf);
    while (l < n)
        buf[l++] = 'x';
    buf[l] = '\0';
}

int main(void)
{
    void *ctx, *s;
    char path[300], ep[320];
    TU_START();

    ctx = tu_ctx();
    s = tu_socket(ctx, ZMQ_PULL);

    make_path(path, 108);
    snprintf(ep, sizeof ep, "ipc://%s", path);
    TU_ERR(zmq_bind(s, ep), ENAMETOOLONG);
    TU_ERR(zmq_connect(s, ep), ENAMETOOLONG);

    make_path(path, 200);
    snprintf(ep, sizeof ep, "ipc://%s", path);
    TU_ERR(zmq_bind(s, ep), ENAMETOOLONG);
    TU_ERR(zmq_connect(s, ep), ENAMETOOLONG);

    make_path(path, 107);
    snprintf(ep, sizeof ep, "ipc://%s", path);
    /* unlinked at exit (libzmq leaves the socket file after unbind) */
    if (tu_ipc_count_ < TU_MAX_IPC)
        strcpy(tu_ipc_paths_[tu_ipc_count_++], path);
    TU_OK(zmq_bind(s, ep));
    TU_OK(zmq_unbind(s, ep));

    TU_OK(zmq_close(s));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
