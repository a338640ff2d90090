/* ZMQ_XPUB_VERBOSE=1: every subscribe is passed to the application, also a
 * duplicate from a second SUB (and a repeated one from the same SUB, which
 * SUB forwards upstream every time); unsubscribes are still passed only
 * when the last subscriber cancels.  Over tcp and inproc. */
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
    void *sub1 = tu_socket(ctx, ZMQ_SUB);
    void *sub2 = tu_socket(ctx, ZMQ_SUB);
    char ep[256];
    char buf[16];

    tu_set_int(xpub, ZMQ_XPUB_VERBOSE, 1);
    tu_bind_any(xpub, transport, ep, sizeof ep);
    TU_OK(zmq_connect(sub1, ep));
    TU_OK(zmq_connect(sub2, ep));

    TU_OK(zmq_setsockopt(sub1, ZMQ_SUBSCRIBE, "A", 1));
    recv_bytes(xpub, "\x01" "A", 2);
    TU_OK(zmq_setsockopt(sub2, ZMQ_SUBSCRIBE, "A", 1));
    recv_bytes(xpub, "\x01" "A", 2);
    /* the same SUB again */
    TU_OK(zmq_setsockopt(sub2, ZMQ_SUBSCRIBE, "A", 1));
    recv_bytes(xpub, "\x01" "A", 2);

    /* sub1 cancels: sub2 still subscribed, not passed */
    TU_OK(zmq_setsockopt(sub1, ZMQ_UNSUBSCRIBE, "A", 1));
    TU_OK(zmq_setsockopt(sub1, ZMQ_SUBSCRIBE, "M", 1));
    recv_bytes(xpub, "\x01" "M", 2);

    /* sub2 subscribed twice: first cancel stays inside the SUB (its own
     * reference count), the second reaches the XPUB and is the last */
    TU_OK(zmq_setsockopt(sub2, ZMQ_UNSUBSCRIBE, "A", 1));
    TU_OK(zmq_setsockopt(sub2, ZMQ_SUBSCRIBE, "N", 1));
    recv_bytes(xpub, "\x01" "N", 2);
    TU_OK(zmq_setsockopt(sub2, ZMQ_UNSUBSCRIBE, "A", 1));
    recv_bytes(xpub, "\x00" "A", 2);

    TU_ERR(zmq_recv(xpub, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);

    TU_OK(zmq_close(sub1));
    TU_OK(zmq_close(sub2));
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
