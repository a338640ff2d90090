/* PUB over tcp never blocks at the high-water mark: with PUB SNDHWM 1 and
 * SUB RCVHWM 1 and a SUB that does not read, 1000 sends of 64 KB (64 MB,
 * more than kernel buffers hold) all succeed without blocking; the SUB then
 * gets fewer than 1000 of them, in increasing order (the rest dropped). */
#include "testutil.h"

#define SZ (64 * 1024)
#define N 1000

static char buf[SZ];

int main(void)
{
    void *ctx, *pub, *sub;
    char ep[256];
    int i, got = 0, last = -1;
    int64_t deadline;
    TU_START();

    ctx = tu_ctx();
    pub = tu_socket(ctx, ZMQ_PUB);
    sub = tu_socket(ctx, ZMQ_SUB);
    tu_set_int(pub, ZMQ_SNDHWM, 1);
    tu_set_int(pub, ZMQ_SNDTIMEO, -1);
    tu_set_int(sub, ZMQ_RCVHWM, 1);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0));
    tu_bind_any(pub, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(sub, ep));

    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    for (;;) {
        TU_EQ_INT(zmq_send(pub, "sync", 4, ZMQ_DONTWAIT), 4);
        if (tu_wait_readable(sub, 10))
            break;
        TU_ASSERT_MSG(tu_now_ms() < deadline, "subscription never arrived");
    }
    tu_sleep_ms(20);
    tu_drain(sub);

    for (i = 0; i < N; i++) {
        memset(buf, 'x', SZ);
        memcpy(buf, &i, sizeof i);
        TU_EQ_INT(zmq_send(pub, buf, SZ, 0), SZ);
    }

    while (tu_wait_readable(sub, 300)) {
        int rc = zmq_recv(sub, buf, SZ, ZMQ_DONTWAIT), k;
        if (rc < 0)
            continue;
        if (rc != SZ)
            continue; /* a late "sync" */
        memcpy(&k, buf, sizeof k);
        TU_ASSERT_MSG(k > last && k < N, "got %d after %d", k, last);
        last = k;
        got++;
    }
    TU_ASSERT_MSG(got >= 1 && got < N, "received %d of %d", got, N);

    TU_OK(zmq_close(pub));
    TU_OK(zmq_close(sub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
