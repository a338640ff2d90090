/* Round robin on the bind side follows the order in which the peers
 * connected: a REQ (and a DEALER) bound, five REPs connecting one after
 * the other, without waiting between connects; once all five are up, the
 * requests go to REP 0, 1, 2, 3, 4, 0, ... over tcp, ipc and inproc, as
 * libzmq serves them (the kernel accepts connections in order and its I/O
 * thread completes their handshakes, and attaches their pipes, in that
 * order).
 *
 * ferromq orders the pipes that reach the socket together by when their
 * connections began, so the order holds even when handshakes finish out
 * of order (they did, on one I/O thread serving both ends). */
#include "testutil.h"

#define N 5

/* Which REP got the message; its body in buf. */
static int which(void **rep, char *buf, size_t len)
{
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    while (tu_now_ms() < deadline) {
        int j;
        for (j = 0; j < N; j++) {
            int rc = zmq_recv(rep[j], buf, len - 1, ZMQ_DONTWAIT);
            if (rc >= 0) {
                buf[rc] = '\0';
                return j;
            }
        }
        tu_sleep_ms(1);
    }
    TU_FAIL("no REP got the message");
    return -1;
}

/* Waits until the bound socket has completed n handshakes (tcp, ipc). */
static void wait_handshakes(void *mon, int n)
{
    int seen = 0;
    while (seen < n) {
        unsigned char head[6];
        char ep[256];
        uint16_t ev;
        TU_ASSERT_MSG(zmq_recv(mon, head, sizeof head, 0) == 6,
                      "%d of %d handshakes", seen, n);
        TU_ASSERT(zmq_recv(mon, ep, sizeof ep, 0) >= 0);
        memcpy(&ev, head, 2);
        if (ev == ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
            seen++;
    }
}

static void run(int type, const char *transport)
{
    static int n_mon;
    void *ctx, *lb, *mon = NULL, *rep[N];
    char ep[256], mon_ep[64], buf[64], order[64] = "";
    int i, round, ok = 1;

    ctx = tu_ctx();
    lb = tu_socket(ctx, type);
    if (strcmp(transport, "inproc") != 0) {
        snprintf(mon_ep, sizeof mon_ep, "inproc://rr-mon-%d", ++n_mon);
        TU_OK(zmq_socket_monitor(lb, mon_ep, ZMQ_EVENT_HANDSHAKE_SUCCEEDED));
        mon = tu_socket(ctx, ZMQ_PAIR);
        TU_OK(zmq_connect(mon, mon_ep));
    }
    tu_bind_any(lb, transport, ep, sizeof ep);
    for (i = 0; i < N; i++) {
        rep[i] = tu_socket(ctx, ZMQ_REP);
        TU_OK(zmq_connect(rep[i], ep));
    }
    if (mon)
        wait_handshakes(mon, N);
    tu_sleep_ms(50); /* the pipes reach the socket as commands */

    for (round = 0; round < 2; round++) {
        for (i = 0; i < N; i++) {
            int j;
            char body[16];
            snprintf(body, sizeof body, "m%d", round * N + i);
            if (type == ZMQ_DEALER)
                tu_send_str(lb, "", ZMQ_SNDMORE);
            tu_send_str(lb, body, 0);
            j = which(rep, buf, sizeof buf);
            TU_EQ_STR(buf, body);
            snprintf(order + strlen(order), sizeof order - strlen(order),
                     " %d", j);
            if (j != i)
                ok = 0;
            tu_send_str(rep[j], "ok", 0);
            if (type == ZMQ_DEALER)
                tu_recv_str(lb, "", 1);
            tu_recv_str(lb, "ok", 0);
        }
    }
    printf("%s %s:%s\n", type == ZMQ_REQ ? "REQ" : "DEALER", transport,
           order);
    TU_ASSERT_MSG(ok, "%s: served in order%s, expected 0 1 2 3 4 0 1 2 3 4",
                  transport, order);

    if (mon) {
        TU_OK(zmq_socket_monitor(lb, NULL, 0));
        TU_OK(zmq_close(mon));
    }
    for (i = 0; i < N; i++)
        TU_OK(zmq_close(rep[i]));
    TU_OK(zmq_close(lb));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    const char *transports[] = {"inproc", "tcp", "ipc"};
    int t;
    TU_START();
    for (t = 0; t < 3; t++) {
        run(ZMQ_REQ, transports[t]);
        run(ZMQ_DEALER, transports[t]);
    }
    return 0;
}
