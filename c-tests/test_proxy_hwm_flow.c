/* zmq_proxy between an XSUB frontend and an XPUB backend, every socket at
 * HWM 10 over inproc, both XPUBs with ZMQ_XPUB_NODROP (libzmq's
 * tests/test_proxy_hwm.cpp, bounded): a publisher floods with
 * non-blocking sends while the subscriber does not read.  The proxy reads
 * from the frontend only while the backend takes messages, so what gets
 * in before EAGAIN is bounded by the two pipes (each HWM 10 + 10) and the
 * message the proxy holds: libzmq's test accepts 2x..4x HWM, and its
 * writers learn of reads every low-water mark (HWM / 2), so at most 40.
 * A publisher that keeps trying (EAGAIN, a short pause, again) while the
 * subscriber has taken one message still never gets more than 4x HWM in
 * (ours got 41 or 42 when its pipes told writers of every read).
 * Everything sent arrives, in order. */
#include "testutil.h"

#include <pthread.h>

#define HWM 10
#define SIZE 50000

struct proxy_args {
    void *front, *back;
};

static void *proxy_main(void *p)
{
    struct proxy_args *a = p;
    zmq_proxy(a->front, a->back, NULL);
    zmq_close(a->front);
    zmq_close(a->back);
    return NULL;
}

static void lower_hwm(void *s)
{
    tu_set_int(s, ZMQ_SNDHWM, HWM);
    tu_set_int(s, ZMQ_RCVHWM, HWM);
}

int main(void)
{
    void *ctx, *pub, *sub;
    struct proxy_args a;
    pthread_t th;
    char front_ep[256], back_ep[256];
    static char body[SIZE];
    int sent = 0, got = 0, fails, rc;
    TU_START();

    ctx = tu_ctx();
    a.front = tu_socket(ctx, ZMQ_XSUB);
    a.back = tu_socket(ctx, ZMQ_XPUB);
    tu_set_timeouts(a.front, -1);
    tu_set_timeouts(a.back, -1);
    lower_hwm(a.front);
    lower_hwm(a.back);
    tu_set_int(a.back, ZMQ_XPUB_NODROP, 1);
    tu_bind_any(a.front, "inproc", front_ep, sizeof front_ep);
    tu_bind_any(a.back, "inproc", back_ep, sizeof back_ep);

    pub = tu_socket(ctx, ZMQ_XPUB);
    lower_hwm(pub);
    TU_OK(zmq_connect(pub, front_ep));
    tu_set_int(pub, ZMQ_XPUB_NODROP, 1);

    sub = tu_socket(ctx, ZMQ_SUB);
    lower_hwm(sub);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0));
    TU_OK(zmq_connect(sub, back_ep));

    TU_ASSERT(pthread_create(&th, NULL, proxy_main, &a) == 0);

    /* the subscription travels SUB -> XPUB -> proxy -> XSUB -> XPUB */
    {
        char buf[8];
        TU_EQ_INT(zmq_recv(pub, buf, sizeof buf, 0), 1);
        TU_EQ_INT(buf[0], 1);
    }

    /* flood: non-blocking sends until EAGAIN */
    for (;;) {
        memset(body, 'A' + sent % 26, sizeof body);
        if (zmq_send(pub, body, SIZE, ZMQ_DONTWAIT) != SIZE)
            break;
        sent++;
        TU_ASSERT_MSG(sent <= 1000, "never EAGAIN");
    }
    TU_EQ_INT(zmq_errno(), EAGAIN);
    printf("first EAGAIN after %d messages\n", sent);
    TU_ASSERT_MSG(sent >= 2 * HWM && sent <= 4 * HWM,
                  "%d messages in flight with HWM %d", sent, HWM);

    /* the subscriber takes one message (libzmq's reads its first one at
     * once, then sleeps), then the publisher keeps trying for a while: the
     * proxy forwards what the backend takes, never more, and one read is
     * not a low-water mark's worth: nobody learns of it */
    {
        static char in[SIZE];
        TU_EQ_INT(zmq_recv(sub, in, sizeof in, 0), SIZE);
        TU_EQ_INT(in[0], 'A');
        got = 1;
    }
    fails = 0;
    while (fails < 20) {
        memset(body, 'A' + sent % 26, sizeof body);
        if (zmq_send(pub, body, SIZE, ZMQ_DONTWAIT) == SIZE) {
            sent++;
            fails = 0;
            TU_ASSERT_MSG(sent <= 4 * HWM,
                          "%d messages in flight with HWM %d", sent, HWM);
        } else {
            TU_EQ_INT(zmq_errno(), EAGAIN);
            fails++;
            tu_sleep_ms(10);
        }
    }
    printf("%d messages in flight after retrying\n", sent);

    /* everything arrives, in order */
    while (got < sent) {
        static char in[SIZE];
        rc = zmq_recv(sub, in, sizeof in, 0);
        TU_ASSERT_MSG(rc == SIZE, "message %d of %d: rc %d", got, sent, rc);
        TU_ASSERT_MSG(in[0] == 'A' + got % 26 && in[SIZE - 1] == in[0],
                      "message %d out of order", got);
        got++;
    }
    TU_ASSERT(!tu_wait_readable(sub, 100));

    TU_OK(zmq_close(pub));
    TU_OK(zmq_close(sub));
    TU_OK(zmq_ctx_term(ctx)); /* ends the proxy (ETERM) */
    pthread_join(th, NULL);
    return 0;
}
