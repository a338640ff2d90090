/* A PULL bound with two PUSHes connected fair-queues: every message of
 * both senders arrives, each sender's messages in their own order.
 *
 * Not asserted: interleaving.  Observed on libzmq 4.3.4 over tcp: with 50
 * messages from each sender already queued, the PULL returned all 50 of
 * sender 1 before any of sender 2, because a pipe that was found empty is
 * only re-activated when the socket next processes commands (every 100
 * recvs, or when it would block).  Fairness is therefore approximate. */
#include "testutil.h"

#define N 50

static void check(const char *tr)
{
    void *ctx, *pull, *p1, *p2;
    char ep[256];
    int i, next1 = 0, next2 = 0;

    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    p1 = tu_socket(ctx, ZMQ_PUSH);
    p2 = tu_socket(ctx, ZMQ_PUSH);
    tu_bind_any(pull, tr, ep, sizeof ep);
    TU_OK(zmq_connect(p1, ep));
    TU_OK(zmq_connect(p2, ep));

    /* make sure both connections are up before queueing the batch */
    tu_send_str(p1, "hello 1", 0);
    tu_send_str(p2, "hello 2", 0);
    {
        int got1 = 0, got2 = 0;
        char buf[32];
        while (!(got1 && got2)) {
            int rc = zmq_recv(pull, buf, sizeof buf - 1, 0);
            TU_ASSERT(rc >= 0);
            buf[rc] = '\0';
            if (strcmp(buf, "hello 1") == 0)
                got1 = 1;
            else if (strcmp(buf, "hello 2") == 0)
                got2 = 1;
            else
                TU_FAIL("unexpected %s", buf);
        }
    }

    for (i = 0; i < N; i++) {
        char m[32];
        snprintf(m, sizeof m, "1 %d", i);
        tu_send_str(p1, m, 0);
        snprintf(m, sizeof m, "2 %d", i);
        tu_send_str(p2, m, 0);
    }
    for (i = 0; i < 2 * N; i++) {
        char buf[32];
        int who, seq;
        int rc = zmq_recv(pull, buf, sizeof buf - 1, 0);
        TU_ASSERT_MSG(rc >= 0, "%s: message %d of %d missing", tr, i, 2 * N);
        buf[rc] = '\0';
        TU_EQ_INT(sscanf(buf, "%d %d", &who, &seq), 2);
        if (who == 1) {
            TU_EQ_INT(seq, next1);
            next1++;
        } else {
            TU_EQ_INT(who, 2);
            TU_EQ_INT(seq, next2);
            next2++;
        }
    }
    TU_EQ_INT(next1, N);
    TU_EQ_INT(next2, N);

    TU_OK(zmq_close(pull));
    TU_OK(zmq_close(p1));
    TU_OK(zmq_close(p2));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    check("tcp");
    check("inproc");
    return 0;
}
