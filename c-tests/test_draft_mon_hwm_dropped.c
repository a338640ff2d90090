/* ferromq extension (not in libzmq; skipped there): the count of messages
 * dropped at a high-water mark, as the read-only uint64 option
 * ZMQ_FERROMQ_HWM_DROPPED and the monitor v2 event
 * ZMQ_FERROMQ_EVENT_HWM_DROPPED (values: dropped since the previous such
 * event, total; not part of ZMQ_EVENT_ALL_V2).
 *  - PUB -> SUB over inproc (pipe limit SNDHWM + RCVHWM = 10), the SUB
 *    not reading: of 1000 messages at least 990 are dropped, and what
 *    arrives plus what was dropped is 1000.
 *  - ROUTER -> DEALER, not reading: messages beyond the pipe's limit are
 *    dropped and counted; ROUTER_MANDATORY makes them EAGAIN instead.
 *  - a PUB without drops counts 0 and reports nothing. */
#include "monv2.h"

static uint64_t dropped(void *s)
{
    uint64_t v = 12345;
    size_t len = sizeof v;
    TU_OK(zmq_getsockopt(s, ZMQ_FERROMQ_HWM_DROPPED, &v, &len));
    TU_EQ_INT(len, 8);
    return v;
}

/* Reads HWM_DROPPED events until one reports `total`; checks the sums. */
static void expect_total(void *mon, uint64_t total)
{
    uint64_t sum = 0, last = 0;
    mon2_event_t e;
    while (last != total) {
        TU_ASSERT_MSG(mon2_read(mon, &e, TU_TIMEOUT_MS) == 0,
                      "no event; total so far %llu",
                      (unsigned long long)last);
        TU_ASSERT(e.event == ZMQ_FERROMQ_EVENT_HWM_DROPPED);
        TU_EQ_INT(e.n, 2);
        sum += e.values[0];
        last = e.values[1];
        TU_EQ_INT(sum, last);
    }
}

int main(void)
{
    void *ctx, *pub, *sub, *mon, *router, *dealer, *rmon, *quiet, *qmon;
    int i, sent = 0;
    mon2_event_t e;
    TU_START();
    if (!tu_lib_is_ferromq())
        return 0;
    ctx = tu_ctx();

    pub = tu_socket(ctx, ZMQ_PUB);
    sub = tu_socket(ctx, ZMQ_SUB);
    tu_set_int(pub, ZMQ_SNDHWM, 5);
    tu_set_int(sub, ZMQ_RCVHWM, 5);
    mon = mon2_start(ctx, pub,
                     ZMQ_EVENT_ALL_V2 | ZMQ_FERROMQ_EVENT_HWM_DROPPED,
                     ZMQ_PAIR);
    TU_OK(zmq_bind(pub, "inproc://hwm-dropped"));
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0));
    TU_OK(zmq_connect(sub, "inproc://hwm-dropped"));
    tu_sync_pubsub(pub, sub, "sync");
    TU_EQ_INT(dropped(pub), 0);
    for (i = 0; i < 1000; i++)
        tu_send_str(pub, "x", ZMQ_DONTWAIT);
    /* at least 990 (the writer learns of the reader's progress in
     * steps, so a few more may go) */
    TU_ASSERT(dropped(pub) >= 990 && dropped(pub) < 1000);
    expect_total(mon, dropped(pub));
    while (zmq_recv(sub, NULL, 0, ZMQ_DONTWAIT) >= 0)
        sent++;
    TU_EQ_INT((uint64_t)sent + dropped(pub), 1000);
    sent = 0;

    /* ROUTER */
    router = tu_socket(ctx, ZMQ_ROUTER);
    dealer = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(router, ZMQ_SNDHWM, 5);
    tu_set_int(dealer, ZMQ_RCVHWM, 5);
    rmon = mon2_start(ctx, router, ZMQ_FERROMQ_EVENT_HWM_DROPPED, ZMQ_PAIR);
    TU_OK(zmq_bind(router, "inproc://hwm-router"));
    TU_OK(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, "D", 1));
    TU_OK(zmq_connect(dealer, "inproc://hwm-router"));
    tu_send_str(dealer, "hi", 0);
    tu_recv_str(router, "D", 1);
    tu_recv_str(router, "hi", 0);
    for (i = 0; i < 100; i++) {
        tu_send_str(router, "D", ZMQ_SNDMORE);
        tu_send_str(router, "y", 0);
    }
    TU_ASSERT(dropped(router) > 0 && dropped(router) <= 100);
    expect_total(rmon, dropped(router));
    while (zmq_recv(dealer, NULL, 0, ZMQ_DONTWAIT) >= 0)
        sent++;
    TU_EQ_INT((uint64_t)sent + dropped(router), 100);

    /* no drops: nothing counted or reported */
    quiet = tu_socket(ctx, ZMQ_PUB);
    qmon = mon2_start(ctx, quiet, ZMQ_FERROMQ_EVENT_HWM_DROPPED, ZMQ_PAIR);
    for (i = 0; i < 10; i++)
        tu_send_str(quiet, "z", 0);
    TU_EQ_INT(dropped(quiet), 0);
    TU_EQ_INT(mon2_read(qmon, &e, 100), -1);

    TU_OK(zmq_close(pub));
    TU_OK(zmq_close(sub));
    TU_OK(zmq_close(mon));
    TU_OK(zmq_close(router));
    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(rmon));
    TU_OK(zmq_close(quiet));
    TU_OK(zmq_close(qmon));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
