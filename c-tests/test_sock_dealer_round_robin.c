/* A DEALER connected to three peers load-balances outgoing messages
 * round-robin in connection order (first message to the first connected
 * peer), a multipart message going whole to one peer.  inproc and tcp. */
#include "testutil.h"

#define N 3

static void run(const char *transport)
{
    void *ctx, *dealer, *peer[N];
    char ep[N][256], body[32];
    int i, k;

    ctx = tu_ctx();
    dealer = tu_socket(ctx, ZMQ_DEALER);
    for (i = 0; i < N; i++) {
        peer[i] = tu_socket(ctx, ZMQ_DEALER);
        tu_bind_any(peer[i], transport, ep[i], sizeof ep[i]);
    }
    for (i = 0; i < N; i++)
        TU_OK(zmq_connect(dealer, ep[i]));

    for (k = 0; k < 2 * N; k++) {
        snprintf(body, sizeof body, "m%d", k);
        tu_send_str(dealer, body, ZMQ_SNDMORE);
        tu_send_str(dealer, "tail", 0);
    }
    for (k = 0; k < 2 * N; k++) {
        snprintf(body, sizeof body, "m%d", k);
        tu_recv_str(peer[k % N], body, 1);
        tu_recv_str(peer[k % N], "tail", 0);
    }
    for (i = 0; i < N; i++)
        TU_ASSERT(!tu_wait_readable(peer[i], 50));

    TU_OK(zmq_close(dealer));
    for (i = 0; i < N; i++)
        TU_OK(zmq_close(peer[i]));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    run("inproc");
    run("tcp");
    return 0;
}
