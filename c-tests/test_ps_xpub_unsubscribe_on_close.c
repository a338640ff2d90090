/* When a subscriber goes away the XPUB passes "\x00topic" for each topic
 * nobody else is subscribed to any more: with two SUBs on "A", closing the
 * first produces nothing (the other still wants "A"), closing the second
 * produces "\x00A"; a topic only the closed SUB had ("B") is cancelled at
 * once.  With ZMQ_XPUB_VERBOSER the cancel is passed for every SUB that
 * leaves.  Over tcp and inproc. */
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

static void run(const char *transport, int verboser)
{
    void *ctx = tu_ctx();
    void *xpub = tu_socket(ctx, ZMQ_XPUB);
    void *sub1 = tu_socket(ctx, ZMQ_SUB);
    void *sub2 = tu_socket(ctx, ZMQ_SUB);
    void *sub3 = tu_socket(ctx, ZMQ_SUB);
    char ep[256];
    char buf[16];

    if (verboser)
        tu_set_int(xpub, ZMQ_XPUB_VERBOSER, 1);
    tu_bind_any(xpub, transport, ep, sizeof ep);
    TU_OK(zmq_connect(sub1, ep));
    TU_OK(zmq_connect(sub2, ep));
    TU_OK(zmq_connect(sub3, ep));

    TU_OK(zmq_setsockopt(sub1, ZMQ_SUBSCRIBE, "A", 1));
    recv_bytes(xpub, "\x01" "A", 2);
    TU_OK(zmq_setsockopt(sub1, ZMQ_SUBSCRIBE, "B", 1));
    recv_bytes(xpub, "\x01" "B", 2);
    TU_OK(zmq_setsockopt(sub2, ZMQ_SUBSCRIBE, "A", 1));
    if (verboser)
        recv_bytes(xpub, "\x01" "A", 2);
    TU_OK(zmq_setsockopt(sub2, ZMQ_SUBSCRIBE, "C", 1));
    recv_bytes(xpub, "\x01" "C", 2);

    /* sub1 leaves: "B" was only its own; "A" only if VERBOSER */
    TU_OK(zmq_close(sub1));
    {
        int got_a = 0, got_b = 0, want = verboser ? 2 : 1, i;
        for (i = 0; i < want; i++) {
            int rc = zmq_recv(xpub, buf, sizeof buf, 0);
            TU_ASSERT_MSG(rc == 2 && buf[0] == 0,
                          "expected a 2-byte cancel, got %d bytes", rc);
            if (buf[1] == 'A')
                got_a++;
            else if (buf[1] == 'B')
                got_b++;
            else
                TU_FAIL("unexpected cancel for '%c'", buf[1]);
        }
        TU_EQ_INT(got_b, 1);
        TU_EQ_INT(got_a, verboser ? 1 : 0);
    }
    /* an ordered marker through another SUB proves nothing else came */
    TU_OK(zmq_setsockopt(sub3, ZMQ_SUBSCRIBE, "M", 1));
    recv_bytes(xpub, "\x01" "M", 2);
    TU_ERR(zmq_recv(xpub, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);

    /* sub2 leaves: now "A" and "C" have no subscriber */
    TU_OK(zmq_close(sub2));
    {
        int got_a = 0, got_c = 0, i;
        for (i = 0; i < 2; i++) {
            int rc = zmq_recv(xpub, buf, sizeof buf, 0);
            TU_ASSERT_MSG(rc == 2 && buf[0] == 0,
                          "expected a 2-byte cancel, got %d bytes", rc);
            if (buf[1] == 'A')
                got_a++;
            else if (buf[1] == 'C')
                got_c++;
            else
                TU_FAIL("unexpected cancel for '%c'", buf[1]);
        }
        TU_EQ_INT(got_a, 1);
        TU_EQ_INT(got_c, 1);
    }

    TU_OK(zmq_close(sub3));
    TU_OK(zmq_close(xpub));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    run("tcp", 0);
    run("inproc", 0);
    run("tcp", 1);
    run("inproc", 1);
    return 0;
}
