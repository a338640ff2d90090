/* PUSH over tcp blocks, never drops, at the high-water mark.  The amount
 * queued is fuzzy (kernel socket buffers hold some messages besides the
 * SNDHWM 1 / RCVHWM 1 queues), so this only checks what is guaranteed:
 * with no reader, sends of 64 KB messages with ZMQ_DONTWAIT start failing
 * with EAGAIN long before 2000 messages (128 MB), every accepted message
 * then arrives, in order, and none more; afterwards sending works again. */
#include "testutil.h"

#define SZ (64 * 1024)
#define LIMIT 2000

static char buf[SZ];

int main(void)
{
    void *ctx, *push, *pull;
    char ep[256];
    int n = 0, i;
    TU_START();

    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_set_int(push, ZMQ_SNDHWM, 1);
    tu_set_int(pull, ZMQ_RCVHWM, 1);
    tu_bind_any(pull, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "up", 0);
    tu_recv_str(pull, "up", 0);

    for (;;) {
        int rc;
        memset(buf, n & 0xff, SZ);
        memcpy(buf, &n, sizeof n);
        /* the first one blocking (it may have to wait for the credit of
         * "up"), the rest with ZMQ_DONTWAIT */
        rc = zmq_send(push, buf, SZ, n == 0 ? 0 : ZMQ_DONTWAIT);
        if (rc == -1) {
            TU_EQ_INT(zmq_errno(), EAGAIN);
            break;
        }
        TU_EQ_INT(rc, SZ);
        n++;
        TU_ASSERT_MSG(n < LIMIT, "no EAGAIN after %d x 64 KB", n);
    }

    for (i = 0; i < n; i++) {
        int k;
        TU_EQ_INT(zmq_recv(pull, buf, SZ, 0), SZ);
        memcpy(&k, buf, sizeof k);
        TU_EQ_INT(k, i);
        TU_EQ_INT((unsigned char)buf[SZ - 1], i & 0xff);
    }
    TU_ASSERT(!tu_wait_readable(pull, 100));

    tu_send_str(push, "again", 0);
    tu_recv_str(pull, "again", 0);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
