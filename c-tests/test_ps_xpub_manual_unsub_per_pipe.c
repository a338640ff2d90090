/* ZMQ_XPUB_MANUAL: when subscribers go away, the XPUB reports one
 * unsubscription per pipe and topic, even when another subscriber still
 * holds (or also held) the same topic (libzmq's xpipe_terminated removes
 * the pipe from the manual trie with call_on_uniq = false).  Two SUBs
 * subscribe to "A", the application confirms both with ZMQ_SUBSCRIBE;
 * closing the SUBs yields two "\0A" messages.  A proxy waiting for the
 * second one would otherwise hang.  Over inproc and tcp. */
#include "testutil.h"

static void recv_sub(void *xpub, const char *want, size_t n)
{
    char buf[64];
    int rc = zmq_recv(xpub, buf, sizeof buf, 0);
    TU_ASSERT_MSG(rc == (int)n && memcmp(buf, want, n) == 0,
                  "got %d bytes (first 0x%02x), expected %d bytes (0x%02x)",
                  rc, rc > 0 ? (unsigned char)buf[0] : 0, (int)n,
                  (unsigned char)want[0]);
}

static void run(const char *transport)
{
    void *ctx, *xpub, *sub[2];
    char ep[256], buf[64];
    int i;

    ctx = tu_ctx();
    xpub = tu_socket(ctx, ZMQ_XPUB);
    tu_set_int(xpub, ZMQ_XPUB_MANUAL, 1);
    tu_bind_any(xpub, transport, ep, sizeof ep);

    for (i = 0; i < 2; i++) {
        sub[i] = tu_socket(ctx, ZMQ_SUB);
        TU_OK(zmq_connect(sub[i], ep));
        TU_OK(zmq_setsockopt(sub[i], ZMQ_SUBSCRIBE, "A", 1));
        /* every subscription reaches a manual XPUB; confirm it for the
         * pipe it came from (the last pipe read) */
        recv_sub(xpub, "\1A", 2);
        TU_OK(zmq_setsockopt(xpub, ZMQ_SUBSCRIBE, "A", 1));
    }
    /* both really subscribed: a message on "A" reaches both */
    tu_send_str(xpub, "A-msg", 0);
    for (i = 0; i < 2; i++)
        tu_recv_str(sub[i], "A-msg", 0);

    /* first subscriber leaves: one unsubscription, although sub[1] still
     * holds "A" */
    TU_OK(zmq_close(sub[0]));
    recv_sub(xpub, "\0A", 2);
    /* second one leaves: a second unsubscription for the same topic */
    TU_OK(zmq_close(sub[1]));
    recv_sub(xpub, "\0A", 2);
    /* and nothing more */
    TU_ERR(zmq_recv(xpub, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);
    TU_ASSERT(!tu_wait_readable(xpub, 100));

    TU_OK(zmq_close(xpub));
    TU_OK(zmq_ctx_term(ctx));
    printf("%s: one unsubscription per pipe\n", transport);
}

int main(void)
{
    TU_START();
    run("inproc");
    run("tcp");
    run("ipc");
    return 0;
}
