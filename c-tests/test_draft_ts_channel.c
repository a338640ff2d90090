/* DRAFT CHANNEL (RFC 52) over tcp, ipc and inproc: two CHANNELs talk both
 * ways; a third connecting to the bound one is refused (what it sends
 * never arrives, and the first pair carries on); multipart sends are
 * EINVAL; CHANNEL is thread-safe and has no ZMQ_FD. */
#include "testutil.h"

static void run(void *ctx, const char *transport)
{
    char ep[256], buf[32];
    void *a = tu_socket(ctx, ZMQ_CHANNEL);
    void *b = tu_socket(ctx, ZMQ_CHANNEL);
    void *intruder = tu_socket(ctx, ZMQ_CHANNEL);
    int fd;
    size_t len = sizeof fd;

    tu_bind_any(a, transport, ep, sizeof ep);
    TU_OK(zmq_connect(b, ep));
    tu_send_str(b, "ping", 0);
    tu_recv_str(a, "ping", 0);
    tu_send_str(a, "pong", 0);
    tu_recv_str(b, "pong", 0);

    /* exclusive: the intruder's message (queued on its side or dropped)
     * never reaches a; the pair still works */
    TU_OK(zmq_connect(intruder, ep));
    zmq_send(intruder, "intruder", 8, ZMQ_DONTWAIT);
    tu_send_str(b, "still", 0);
    tu_recv_str(a, "still", 0);
    TU_ERR(zmq_recv(a, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);
    tu_send_str(a, "back", 0);
    tu_recv_str(b, "back", 0);

    TU_ERR(zmq_send(a, "x", 1, ZMQ_SNDMORE), EINVAL);
    TU_EQ_INT(tu_get_int(a, ZMQ_THREAD_SAFE), 1);
    TU_ERR(zmq_getsockopt(a, ZMQ_FD, &fd, &len), EINVAL);
    TU_EQ_INT(tu_get_int(a, ZMQ_EVENTS), ZMQ_POLLOUT);

    TU_OK(zmq_close(intruder));
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
}

int main(void)
{
    void *ctx;
    TU_START();
    ctx = tu_ctx();
    run(ctx, "tcp");
    run(ctx, "ipc");
    run(ctx, "inproc");
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
