/* A REQ connected to three REPs sends successive requests round-robin, in
 * the order the connections were made (libzmq's lb: first request to the
 * first connected peer), and each reply comes back from the REP that got
 * the request. */
#include "testutil.h"

#define N 3

int main(void)
{
    void *ctx, *req, *rep[N];
    char ep[N][256], body[32];
    int i, round;
    TU_START();

    ctx = tu_ctx();
    req = tu_socket(ctx, ZMQ_REQ);
    for (i = 0; i < N; i++) {
        rep[i] = tu_socket(ctx, ZMQ_REP);
        tu_bind_any(rep[i], "inproc", ep[i], sizeof ep[i]);
    }
    for (i = 0; i < N; i++)
        TU_OK(zmq_connect(req, ep[i]));

    for (round = 0; round < 2; round++) {
        for (i = 0; i < N; i++) {
            int j;
            snprintf(body, sizeof body, "req-%d-%d", round, i);
            tu_send_str(req, body, 0);
            tu_recv_str(rep[i], body, 0);
            /* no other REP got anything */
            for (j = 0; j < N; j++)
                if (j != i)
                    TU_ASSERT_MSG(!tu_wait_readable(rep[j], 0),
                                  "rep %d readable for request to %d", j, i);
            snprintf(body, sizeof body, "rep-%d-%d", round, i);
            tu_send_str(rep[i], body, 0);
            tu_recv_str(req, body, 0);
        }
    }

    TU_OK(zmq_close(req));
    for (i = 0; i < N; i++)
        TU_OK(zmq_close(rep[i]));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
