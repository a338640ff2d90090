/* DRAFT zmq_poller with many sockets: 40 PAIR pairs over inproc, one side
 * of each registered (user_data = its index). Round after round, messages
 * go to a varying subset; zmq_poller_wait_all reports exactly that subset,
 * in registration order, each with its index, and nothing once drained.
 * Registrations removed and re-added in between keep the order they were
 * (re)added in. */
#include "testutil.h"

#define N 40
#define ROUNDS 60

int main(void)
{
    void *ctx, *a[N], *b[N], *poller;
    int idx[N], order[N], norder = 0, want[N], i, r, k, got;
    zmq_poller_event_t evs[N + 2];
    char ep[64];
    unsigned seed = 12345;
    TU_START();

    ctx = tu_ctx();
    poller = zmq_poller_new();
    TU_ASSERT(poller != NULL);
    for (i = 0; i < N; i++) {
        a[i] = tu_socket(ctx, ZMQ_PAIR);
        b[i] = tu_socket(ctx, ZMQ_PAIR);
        TU_OK(zmq_bind(a[i], tu_inproc_endpoint(ep, sizeof ep)));
        TU_OK(zmq_connect(b[i], ep));
        idx[i] = i;
        TU_OK(zmq_poller_add(poller, a[i], &idx[i], ZMQ_POLLIN));
        order[norder++] = i;
    }
    TU_EQ_INT(zmq_poller_size(poller), N);

    for (r = 0; r < ROUNDS; r++) {
        int nwant = 0;
        /* every 10th round: move one registration to the end */
        if (r % 10 == 5) {
            int victim = order[(r * 7) % N];
            TU_OK(zmq_poller_remove(poller, a[victim]));
            TU_OK(zmq_poller_add(poller, a[victim], &idx[victim], ZMQ_POLLIN));
            for (k = 0; k < N && order[k] != victim; k++)
                ;
            memmove(&order[k], &order[k + 1], (N - k - 1) * sizeof order[0]);
            order[N - 1] = victim;
        }
        memset(want, 0, sizeof want);
        for (i = 0; i < N; i++) {
            seed = seed * 1103515245u + 12345u;
            if ((seed >> 16) % 3 == 0) {
                tu_send_str(b[i], "m", 0);
                want[i] = 1;
                nwant++;
            }
        }
        if (nwant == 0) {
            TU_ERR(zmq_poller_wait_all(poller, evs, N, 0), EAGAIN);
            continue;
        }
        for (i = 0; i < N; i++)
            if (want[i])
                TU_ASSERT(tu_wait_readable(a[i], TU_TIMEOUT_MS));
        got = zmq_poller_wait_all(poller, evs, N + 2, 0);
        TU_EQ_INT(got, nwant);
        /* in registration order, each one wanted */
        k = 0;
        for (i = 0; i < N; i++) {
            int s = order[i];
            if (!want[s])
                continue;
            TU_ASSERT_MSG(evs[k].socket == a[s], "round %d: event %d is not socket %d", r, k, s);
            TU_ASSERT(evs[k].user_data == &idx[s]);
            TU_EQ_INT(evs[k].events, ZMQ_POLLIN);
            k++;
        }
        TU_ASSERT(evs[got].socket == NULL && evs[got + 1].socket == NULL);
        /* room for 3: the first 3 of them */
        if (nwant > 3) {
            TU_EQ_INT(zmq_poller_wait_all(poller, evs, 3, 0), 3);
        }
        for (i = 0; i < N; i++)
            if (want[i])
                tu_recv_str(a[i], "m", 0);
        TU_ERR(zmq_poller_wait_all(poller, evs, N, 0), EAGAIN);
    }

    TU_OK(zmq_poller_destroy(&poller));
    for (i = 0; i < N; i++) {
        TU_OK(zmq_close(a[i]));
        TU_OK(zmq_close(b[i]));
    }
    TU_OK(zmq_ctx_term(ctx));
    printf("poller many: ok\n");
    return 0;
}
