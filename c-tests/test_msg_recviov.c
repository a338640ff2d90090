/* zmq_recviov receives up to *count frames of one message into freshly
 * malloc()ed buffers (the caller frees them), sets *count to the number
 * read and returns it.  If the message has more frames than slots, the
 * rest stays queued (RCVMORE 1) and a second call reads it.  Empty frames
 * give iov_len 0.  With nothing queued and ZMQ_DONTWAIT: -1 EAGAIN and
 * *count 0.  *count 0, count NULL or iov NULL -> EINVAL. */
#include "testutil.h"
#include <sys/uio.h>

int main(void)
{
    void *ctx, *a, *b;
    char ep[256];
    struct iovec r[4];
    size_t count, i;
    TU_START();

    ctx = tu_ctx();
    a = tu_socket(ctx, ZMQ_PULL);
    b = tu_socket(ctx, ZMQ_PUSH);
    tu_bind_any(a, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(b, ep));

    tu_send_str(b, "one", ZMQ_SNDMORE);
    TU_EQ_INT(zmq_send(b, "", 0, ZMQ_SNDMORE), 0);
    tu_send_str(b, "three", 0);
    count = 4;
    TU_EQ_INT(zmq_recviov(a, r, &count, 0), 3);
    TU_EQ_INT(count, 3);
    TU_EQ_INT(r[0].iov_len, 3);
    TU_ASSERT(memcmp(r[0].iov_base, "one", 3) == 0);
    TU_EQ_INT(r[1].iov_len, 0);
    TU_EQ_INT(r[2].iov_len, 5);
    TU_ASSERT(memcmp(r[2].iov_base, "three", 5) == 0);
    TU_EQ_INT(tu_get_int(a, ZMQ_RCVMORE), 0);
    for (i = 0; i < count; i++)
        free(r[i].iov_base);

    /* fewer slots than frames */
    tu_send_str(b, "p1", ZMQ_SNDMORE);
    tu_send_str(b, "p2", ZMQ_SNDMORE);
    tu_send_str(b, "p3", 0);
    count = 2;
    TU_EQ_INT(zmq_recviov(a, r, &count, 0), 2);
    TU_EQ_INT(count, 2);
    TU_ASSERT(memcmp(r[0].iov_base, "p1", 2) == 0);
    TU_ASSERT(memcmp(r[1].iov_base, "p2", 2) == 0);
    TU_EQ_INT(tu_get_int(a, ZMQ_RCVMORE), 1);
    free(r[0].iov_base);
    free(r[1].iov_base);
    count = 4;
    TU_EQ_INT(zmq_recviov(a, r, &count, 0), 1);
    TU_EQ_INT(count, 1);
    TU_EQ_INT(r[0].iov_len, 2);
    TU_ASSERT(memcmp(r[0].iov_base, "p3", 2) == 0);
    free(r[0].iov_base);

    /* nothing queued */
    count = 4;
    TU_ERR(zmq_recviov(a, r, &count, ZMQ_DONTWAIT), EAGAIN);
    TU_EQ_INT(count, 0);

    count = 0;
    TU_ERR(zmq_recviov(a, r, &count, ZMQ_DONTWAIT), EINVAL);
    TU_ERR(zmq_recviov(a, r, NULL, ZMQ_DONTWAIT), EINVAL);
    count = 1;
    TU_ERR(zmq_recviov(a, NULL, &count, ZMQ_DONTWAIT), EINVAL);

    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
