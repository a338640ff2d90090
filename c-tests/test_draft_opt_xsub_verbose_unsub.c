/* ZMQ_XSUB_VERBOSE_UNSUBSCRIBE: an XSUB passes an unsubscription upstream
 * only when the last subscription to that topic goes, unless the option is
 * set; then every unsubscription goes (a repeated one too). Seen at an
 * XPUB with ZMQ_XPUB_VERBOSER, which hands the application every
 * subscription and unsubscription. ZMQ_TOPICS_COUNT follows on both. */
#include "testutil.h"

static int recv_sub(void *xpub, char *out, size_t len)
{
    int n = zmq_recv(xpub, out, len - 1, 0);
    if (n >= 0)
        out[n] = '\0';
    return n;
}

static void run(void *ctx, int verbose)
{
    char ep[256], buf[64];
    void *xpub = tu_socket(ctx, ZMQ_XPUB);
    void *xsub = tu_socket(ctx, ZMQ_XSUB);
    tu_set_int(xpub, ZMQ_XPUB_VERBOSER, 1);
    tu_bind_any(xpub, "tcp", ep, sizeof ep);
    if (verbose)
        tu_set_int(xsub, ZMQ_XSUB_VERBOSE_UNSUBSCRIBE, 1);
    TU_OK(zmq_connect(xsub, ep));

    TU_EQ_INT(zmq_send(xsub, "\1a", 2, 0), 2);
    TU_EQ_INT(zmq_send(xsub, "\1a", 2, 0), 2);
    TU_EQ_INT(recv_sub(xpub, buf, sizeof buf), 2);
    TU_ASSERT(memcmp(buf, "\1a", 2) == 0);
    TU_EQ_INT(recv_sub(xpub, buf, sizeof buf), 2);
    TU_ASSERT(memcmp(buf, "\1a", 2) == 0);
    TU_EQ_INT(tu_get_int(xsub, ZMQ_TOPICS_COUNT), 2);
    TU_EQ_INT(tu_get_int(xpub, ZMQ_TOPICS_COUNT), 1);

    /* one of two references goes */
    TU_EQ_INT(zmq_send(xsub, "\0a", 2, 0), 2);
    /* a marker subscription, to know what arrived before it */
    TU_EQ_INT(zmq_send(xsub, "\1m", 2, 0), 2);
    TU_EQ_INT(recv_sub(xpub, buf, sizeof buf), 2);
    if (verbose) {
        TU_ASSERT_MSG(memcmp(buf, "\0a", 2) == 0, "got %02x%c", buf[0],
                      buf[1]);
        TU_EQ_INT(recv_sub(xpub, buf, sizeof buf), 2);
    }
    TU_ASSERT_MSG(memcmp(buf, "\1m", 2) == 0, "got %02x%c", buf[0], buf[1]);
    TU_EQ_INT(tu_get_int(xsub, ZMQ_TOPICS_COUNT), 2);
    /* the XPUB keeps one entry per topic and peer: the forwarded
     * unsubscription removed "a" there */
    TU_EQ_INT(tu_get_int(xpub, ZMQ_TOPICS_COUNT), verbose ? 1 : 2);

    /* the last reference goes: passed on in both modes */
    TU_EQ_INT(zmq_send(xsub, "\0a", 2, 0), 2);
    TU_EQ_INT(recv_sub(xpub, buf, sizeof buf), 2);
    TU_ASSERT(memcmp(buf, "\0a", 2) == 0);
    TU_EQ_INT(tu_get_int(xsub, ZMQ_TOPICS_COUNT), 1);

    TU_OK(zmq_close(xsub));
    TU_OK(zmq_close(xpub));
}

int main(void)
{
    void *ctx;
    TU_START();
    ctx = tu_ctx();
    run(ctx, 0);
    run(ctx, 1);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
