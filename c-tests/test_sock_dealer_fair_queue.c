/* A DEALER fair-queues incoming messages: with two peers that each have
 * three two-frame messages queued, it returns them alternately (one whole
 * message from each peer in turn), never interleaving frames of different
 * messages and keeping each peer's order.  inproc. */
#include "testutil.h"

int main(void)
{
    void *ctx, *dealer, *a, *b;
    char ep[256], buf[32];
    int i, last = -1, next[2] = { 0, 0 };
    TU_START();

    ctx = tu_ctx();
    dealer = tu_socket(ctx, ZMQ_DEALER);
    tu_bind_any(dealer, "inproc", ep, sizeof ep);
    a = tu_socket(ctx, ZMQ_DEALER);
    b = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_connect(a, ep));
    TU_OK(zmq_connect(b, ep));
    for (i = 0; i < 3; i++) {
        snprintf(buf, sizeof buf, "a%d", i);
        tu_send_str(a, buf, ZMQ_SNDMORE);
        tu_send_str(a, "a-tail", 0);
        snprintf(buf, sizeof buf, "b%d", i);
        tu_send_str(b, buf, ZMQ_SNDMORE);
        tu_send_str(b, "b-tail", 0);
    }

    for (i = 0; i < 6; i++) {
        int rc = TU_OK(zmq_recv(dealer, buf, sizeof buf - 1, 0));
        int who;
        char want[16];
        buf[rc] = '\0';
        TU_EQ_INT(tu_get_int(dealer, ZMQ_RCVMORE), 1);
        TU_ASSERT_MSG(rc == 2 && (buf[0] == 'a' || buf[0] == 'b'),
                      "got \"%s\"", buf);
        who = buf[0] - 'a';
        TU_ASSERT_MSG(who != last, "two messages in a row from %c (\"%s\")",
                      buf[0], buf);
        snprintf(want, sizeof want, "%c%d", buf[0], next[who]++);
        TU_EQ_STR(buf, want);
        tu_recv_str(dealer, who ? "b-tail" : "a-tail", 0);
        last = who;
    }
    TU_ERR(zmq_recv(dealer, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);

    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_close(dealer));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
