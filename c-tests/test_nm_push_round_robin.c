/* A PUSH connected to two PULLs load-balances round-robin: with both
 * connections in place before the first send, 100 single-part messages
 * split exactly 50/50, odd and even sequence numbers going to different
 * PULLs (libzmq 4.3.4: strict alternation over the pipes, which a
 * connecting PUSH creates at zmq_connect time).  A multipart message goes
 * whole to one PULL. */
#include "testutil.h"

static int recv_seq(void *s)
{
    char buf[32];
    int rc = zmq_recv(s, buf, sizeof buf - 1, 0);
    TU_ASSERT(rc >= 0);
    buf[rc] = '\0';
    return atoi(buf);
}

static void check(const char *tr)
{
    void *ctx, *push, *a, *b;
    char ep_a[256], ep_b[256];
    int i, na = 0, nb = 0, parity_a = -1, parity_b = -1;

    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    a = tu_socket(ctx, ZMQ_PULL);
    b = tu_socket(ctx, ZMQ_PULL);
    tu_bind_any(a, tr, ep_a, sizeof ep_a);
    tu_bind_any(b, tr, ep_b, sizeof ep_b);
    TU_OK(zmq_connect(push, ep_a));
    TU_OK(zmq_connect(push, ep_b));

    for (i = 0; i < 100; i++) {
        char m[16];
        snprintf(m, sizeof m, "%d", i);
        tu_send_str(push, m, 0);
    }
    /* collect everything: the total must be 100 */
    while (na + nb < 100) {
        zmq_pollitem_t items[2];
        memset(items, 0, sizeof items);
        items[0].socket = a;
        items[0].events = ZMQ_POLLIN;
        items[1].socket = b;
        items[1].events = ZMQ_POLLIN;
        TU_ASSERT_MSG(zmq_poll(items, 2, TU_TIMEOUT_MS) > 0,
                      "%s: only %d+%d of 100 arrived", tr, na, nb);
        if (items[0].revents & ZMQ_POLLIN) {
            int p = recv_seq(a) % 2;
            if (parity_a < 0)
                parity_a = p;
            TU_EQ_INT(p, parity_a);
            na++;
        }
        if (items[1].revents & ZMQ_POLLIN) {
            int p = recv_seq(b) % 2;
            if (parity_b < 0)
                parity_b = p;
            TU_EQ_INT(p, parity_b);
            nb++;
        }
    }
    TU_ASSERT_MSG(na == 50 && nb == 50, "%s: split %d/%d", tr, na, nb);
    TU_ASSERT(parity_a != parity_b);

    /* a multipart message is never split across peers */
    for (i = 0; i < 4; i++) {
        tu_send_str(push, "m1", ZMQ_SNDMORE);
        tu_send_str(push, "m2", ZMQ_SNDMORE);
        tu_send_str(push, "m3", 0);
    }
    for (i = 0; i < 2; i++) {
        tu_recv_str(a, "m1", 1);
        tu_recv_str(a, "m2", 1);
        tu_recv_str(a, "m3", 0);
        tu_recv_str(b, "m1", 1);
        tu_recv_str(b, "m2", 1);
        tu_recv_str(b, "m3", 0);
    }

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    check("tcp");
    check("inproc");
    return 0;
}
