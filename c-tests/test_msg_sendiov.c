/* zmq_sendiov sends each iovec as one frame, copying the bytes.  With
 * ZMQ_SNDMORE in flags the frames form one multipart message (the last
 * frame goes without MORE); with flags 0 every iovec is a message of its
 * own.  It returns the size of the last frame sent.  Empty iovecs (base
 * NULL, length 0) are empty frames.  count 0 or iov NULL -> EINVAL; a NULL
 * socket -> ENOTSOCK. */
#include "testutil.h"
#include <sys/uio.h>

int main(void)
{
    void *ctx, *a, *b;
    char ep[256];
    char p0[] = "alpha", p1[] = "be", p2[] = "gamma!";
    struct iovec iov[3];
    struct iovec empty[2];
    TU_START();

    iov[0].iov_base = p0;
    iov[0].iov_len = 5;
    iov[1].iov_base = p1;
    iov[1].iov_len = 2;
    iov[2].iov_base = p2;
    iov[2].iov_len = 6;

    ctx = tu_ctx();
    a = tu_socket(ctx, ZMQ_PAIR);
    b = tu_socket(ctx, ZMQ_PAIR);
    tu_bind_any(a, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(b, ep));

    TU_EQ_INT(zmq_sendiov(b, iov, 3, ZMQ_SNDMORE), 6);
    /* the caller's buffers were copied */
    memcpy(p0, "XXXXX", 5);
    tu_recv_str(a, "alpha", 1);
    tu_recv_str(a, "be", 1);
    tu_recv_str(a, "gamma!", 0);

    TU_EQ_INT(zmq_sendiov(b, iov + 1, 2, 0), 6);
    tu_recv_str(a, "be", 0);
    tu_recv_str(a, "gamma!", 0);

    empty[0].iov_base = NULL;
    empty[0].iov_len = 0;
    empty[1].iov_base = p1;
    empty[1].iov_len = 0;
    TU_EQ_INT(zmq_sendiov(b, empty, 2, ZMQ_SNDMORE), 0);
    tu_recv_str(a, "", 1);
    tu_recv_str(a, "", 0);

    TU_ERR(zmq_sendiov(b, iov, 0, 0), EINVAL);
    TU_ERR(zmq_sendiov(b, NULL, 1, 0), EINVAL);
    TU_ERR(zmq_sendiov(NULL, iov, 1, 0), ENOTSOCK);

    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
