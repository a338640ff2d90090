/*
 * test_msg_maxmsgsize_multipart.c - ZMQ_MAXMSGSIZE and a multipart
 * message.  A PULL with ZMQ_MAXMSGSIZE = 100 receives, over tcp, a
 * two-frame message of 60 + 40 bytes (100 in all), then one of 60 + 60.
 *   ferromq: the limit applies to the whole message (the sum of its
 *     frames): 60 + 40 is delivered; 60 + 60 is not, its connection is
 *     dropped and the PUSH reconnects, so a later small message arrives.
 *   libzmq: the limit applies to each frame alone, so it delivers
 *     60 + 60 too; printed, not checked.
 */
#include "testutil.h"

static int recv_parts(void *s, int *sizes, int max)
{
    int n = 0;
    char buf[256];
    do {
        int rc = zmq_recv(s, buf, sizeof buf, 0);
        if (rc < 0)
            return -1;
        if (n < max)
            sizes[n] = rc;
        n++;
    } while (tu_get_int(s, ZMQ_RCVMORE));
    return n;
}

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    static char buf[256];
    int64_t limit = 100;
    int sizes[4], n;
    TU_START();

    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_setsockopt(pull, ZMQ_MAXMSGSIZE, &limit, sizeof limit));
    tu_set_int(push, ZMQ_RECONNECT_IVL, 20);
    tu_bind_any(pull, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));
    memset(buf, 'm', sizeof buf);

    TU_EQ_INT(zmq_send(push, buf, 60, ZMQ_SNDMORE), 60);
    TU_EQ_INT(zmq_send(push, buf, 40, 0), 40);
    TU_EQ_INT(recv_parts(pull, sizes, 4), 2);
    TU_EQ_INT(sizes[0] + sizes[1], 100);

    TU_EQ_INT(zmq_send(push, buf, 60, ZMQ_SNDMORE), 60);
    TU_EQ_INT(zmq_send(push, buf, 60, 0), 60);
    TU_EQ_INT(zmq_send(push, "after", 5, 0), 5);
    /* libzmq delivers at once; ferromq drops the connection, and "after",
     * sent on it too, is lost with it. */
    tu_set_int(pull, ZMQ_RCVTIMEO, 500);
    n = recv_parts(pull, sizes, 4);
    if (tu_lib_is_ferromq()) {
        /* Send again until the reconnected PUSH delivers. */
        int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
        TU_ASSERT_MSG((n == 1 && sizes[0] == 5) || n < 0,
                      "60 + 60 delivered (%d frames)", n);
        tu_set_int(pull, ZMQ_RCVTIMEO, 100);
        while (n != 1) {
            TU_ASSERT_MSG(tu_now_ms() < deadline, "no delivery after the drop");
            zmq_send(push, "after", 5, ZMQ_DONTWAIT);
            n = recv_parts(pull, sizes, 4);
            TU_ASSERT_MSG(n < 0 || n == 1, "%d frames", n);
        }
        printf("ferromq: 60 + 60 bytes over ZMQ_MAXMSGSIZE 100: dropped\n");
    } else {
        printf("libzmq: 60 + 60 bytes over ZMQ_MAXMSGSIZE 100: %s\n",
               n == 2 ? "delivered (the limit is per frame)" : "not delivered");
    }

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
