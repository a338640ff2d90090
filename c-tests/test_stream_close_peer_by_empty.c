/* A STREAM socket closes a raw TCP peer by sending [routing id, empty
 * frame]: the raw client then reads EOF (libzmq completes the close while
 * the application keeps calling into the socket, so the test polls
 * ZMQ_EVENTS meanwhile).  No disconnect notification is delivered for a
 * close the application asked for, the id becomes unknown (EHOSTUNREACH),
 * and the other client is unaffected. */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *st;
    char ep[256];
    unsigned char id1[256], id2[256], id[256];
    char data[64];
    size_t n;
    int fd1, fd2;
    int64_t deadline;
    TU_START();

    ctx = tu_ctx();
    st = tu_socket(ctx, ZMQ_STREAM);
    tu_bind_any(st, "tcp", ep, sizeof ep);
    fd1 = raw_connect(tu_tcp_port(ep));
    TU_EQ_INT(stream_recv(st, id1, data, sizeof data, &n), 5);
    fd2 = raw_connect(tu_tcp_port(ep));
    TU_EQ_INT(stream_recv(st, id2, data, sizeof data, &n), 5);

    TU_EQ_INT(zmq_send(st, id1, 5, ZMQ_SNDMORE), 5);
    TU_EQ_INT(zmq_send(st, "", 0, 0), 0);
    raw_expect_eof(fd1, st);

    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    for (;;) {
        int rc = zmq_send(st, id1, 5, ZMQ_SNDMORE | ZMQ_DONTWAIT);
        TU_EQ_INT(rc, -1);
        if (zmq_errno() == EHOSTUNREACH)
            break;
        TU_EQ_INT(zmq_errno(), EAGAIN);
        TU_ASSERT_MSG(tu_now_ms() < deadline, "id still known");
        tu_sleep_ms(5);
    }

    /* the other connection still works, and the first message the STREAM
     * reads is its data: no [id1, ""] notification was queued */
    raw_write(fd2, "still here", 10);
    TU_EQ_INT(stream_recv(st, id, data, sizeof data, &n), 5);
    TU_ASSERT(memcmp(id, id2, 5) == 0);
    TU_EQ_INT(n, 10);
    stream_send(st, id2, 5, "ok", 2);
    raw_read_exact(fd2, data, 2);
    TU_ASSERT(memcmp(data, "ok", 2) == 0);
    TU_ASSERT(!tu_wait_readable(st, 200));

    close(fd1);
    close(fd2);
    TU_OK(zmq_close(st));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
