/* A SUB connected to two PUBs receives from both, each publisher's
 * messages in order, filtered by the same subscription. */
#include "testutil.h"

static void check(const char *tr)
{
    void *ctx, *sub, *pub1, *pub2;
    char ep1[256], ep2[256];
    int i, n1 = 0, n2 = 0;

    ctx = tu_ctx();
    sub = tu_socket(ctx, ZMQ_SUB);
    pub1 = tu_socket(ctx, ZMQ_PUB);
    pub2 = tu_socket(ctx, ZMQ_PUB);
    tu_bind_any(pub1, tr, ep1, sizeof ep1);
    tu_bind_any(pub2, tr, ep2, sizeof ep2);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "t", 1));
    TU_OK(zmq_connect(sub, ep1));
    TU_OK(zmq_connect(sub, ep2));

    tu_sync_pubsub(pub1, sub, "t-sync-1");
    tu_sync_pubsub(pub2, sub, "t-sync-2");

    for (i = 0; i < 10; i++) {
        char m[32];
        snprintf(m, sizeof m, "t1 %d", i);
        tu_send_str(pub1, m, 0);
        tu_send_str(pub1, "x ignored", 0);
        snprintf(m, sizeof m, "t2 %d", i);
        tu_send_str(pub2, m, 0);
        tu_send_str(pub2, "y ignored", 0);
    }
    while (n1 + n2 < 20) {
        char buf[32];
        int who, seq;
        int rc = zmq_recv(sub, buf, sizeof buf - 1, 0);
        TU_ASSERT_MSG(rc >= 0, "%s: got %d from pub1, %d from pub2", tr, n1,
                      n2);
        buf[rc] = '\0';
        TU_ASSERT_MSG(sscanf(buf, "t%d %d", &who, &seq) == 2, "got \"%s\"",
                      buf);
        if (who == 1) {
            TU_EQ_INT(seq, n1);
            n1++;
        } else {
            TU_EQ_INT(who, 2);
            TU_EQ_INT(seq, n2);
            n2++;
        }
    }
    TU_ASSERT(!tu_wait_readable(sub, 100));

    TU_OK(zmq_close(sub));
    TU_OK(zmq_close(pub1));
    TU_OK(zmq_close(pub2));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    check("tcp");
    check("inproc");
    return 0;
}
