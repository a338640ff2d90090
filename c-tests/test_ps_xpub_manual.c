/* ZMQ_XPUB_MANUAL: the XPUB does not apply subscriptions itself; the
 * application reads "\x01A" and decides, with ZMQ_SUBSCRIBE on the XPUB,
 * what the subscriber that sent it (the pipe of the last message read)
 * really gets.  Here the XSUB asks for "A" and is given "B": "A" messages
 * are not delivered, "B" messages are.  ZMQ_UNSUBSCRIBE on the XPUB
 * removes such a manual subscription.  In manual mode every (un)subscribe
 * that reaches the XPUB is passed, duplicates included.  Over tcp and inproc. */
#include "testutil.h"

static void recv_bytes_(void *s, const char *want, size_t n, int line)
{
    char buf[256];
    int rc = zmq_recv(s, buf, sizeof buf, 0);
    TU_ASSERT_MSG(rc >= 0, "line %d: recv failed (expecting %zu bytes)", line, n);
    TU_ASSERT_MSG(rc == (int)n && memcmp(buf, want, n) == 0,
                  "line %d: got %d bytes [0x%02x '%.*s'], expected %zu "
                  "bytes [0x%02x '%.*s']",
                  line, rc, rc > 0 ? (unsigned char)buf[0] : 0,
                  rc > 1 ? rc - 1 : 0, buf + 1, n, (unsigned char)want[0],
                  (int)n - 1, want + 1);
}
#define recv_bytes(s, w, n) recv_bytes_((s), (w), (n), __LINE__)

static void run(const char *transport)
{
    void *ctx = tu_ctx();
    void *xpub = tu_socket(ctx, ZMQ_XPUB);
    void *xsub = tu_socket(ctx, ZMQ_XSUB);
    char ep[256];
    char buf[16];

    tu_set_int(xpub, ZMQ_XPUB_MANUAL, 1);
    tu_bind_any(xpub, transport, ep, sizeof ep);
    TU_OK(zmq_connect(xsub, ep));

    TU_EQ_INT(zmq_send(xsub, "\x01" "A", 2, 0), 2);
    recv_bytes(xpub, "\x01" "A", 2);
    TU_OK(zmq_setsockopt(xpub, ZMQ_SUBSCRIBE, "B", 1));

    /* the subscription is applied synchronously: no wait needed */
    tu_send_str(xpub, "A1", 0);
    tu_send_str(xpub, "B1", 0);
    tu_recv_str(xsub, "B1", 0);

    /* duplicates are passed in manual mode */
    TU_EQ_INT(zmq_send(xsub, "\x01" "A", 2, 0), 2);
    recv_bytes(xpub, "\x01" "A", 2);

    /* manual unsubscribe.  The XSUB itself counts its subscriptions: of
     * two cancels for the twice-subscribed "A" only the second leaves it */
    TU_EQ_INT(zmq_send(xsub, "\x00" "A", 2, 0), 2);
    TU_EQ_INT(zmq_send(xsub, "\x00" "A", 2, 0), 2);
    recv_bytes(xpub, "\x00" "A", 2);
    TU_OK(zmq_setsockopt(xpub, ZMQ_UNSUBSCRIBE, "B", 1));
    TU_OK(zmq_setsockopt(xpub, ZMQ_SUBSCRIBE, "C", 1));
    tu_send_str(xpub, "B2", 0);
    tu_send_str(xpub, "C2", 0);
    tu_recv_str(xsub, "C2", 0);
    TU_ERR(zmq_recv(xsub, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);

    TU_OK(zmq_close(xsub));
    TU_OK(zmq_close(xpub));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    run("tcp");
    run("inproc");
    return 0;
}
