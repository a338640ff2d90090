/* zmq_socket_monitor_pipes_stats: one ZMQ_EVENT_PIPES_STATS event (v2, two
 * values: messages queued outbound, inbound) per pipe.
 *  - a PUSH connected to nobody (tcp, refused): its pipe holds what was
 *    sent: [3, 0]; endpoints ("", the endpoint connected to).
 *  - a bound PULL with a peer that sent 5 messages it has not read:
 *    [0, 5]; endpoints (the bound endpoint, the peer's address). After
 *    reading them all: [0, 0] on ferromq (libzmq still says 5 until the
 *    reader passes its low-water mark).
 * libzmq gathers the counts from each pipe's peer and reports once the
 * socket processes the answers, so the test pokes the socket
 * (ZMQ_EVENTS) and asks again until the counts are the expected ones
 * (EAGAIN, no pipe yet, while the peer's connection is being attached). */
#include "monv2.h"

static void expect_stats(void *s, void *mon, uint64_t out, uint64_t in,
                         const char *local, const char *remote, int line)
{
    int64_t end = tu_now_ms() + TU_TIMEOUT_MS;
    mon2_event_t e;
    memset(&e, 0, sizeof e);
    while (tu_now_ms() < end) {
        int ev;
        size_t len = sizeof ev;
        TU_OK(zmq_getsockopt(s, ZMQ_EVENTS, &ev, &len));
        if (zmq_socket_monitor_pipes_stats(s) != 0) {
            /* no pipe yet (the peer's connection not attached) */
            TU_ASSERT_MSG(zmq_errno() == EAGAIN, "line %d: pipes_stats",
                          line);
            tu_sleep_ms(10);
            continue;
        }
        TU_OK(zmq_getsockopt(s, ZMQ_EVENTS, &ev, &len));
        if (mon2_read_(mon, &e, 100, line) != 0)
            continue;
        TU_ASSERT_MSG(e.event == ZMQ_EVENT_PIPES_STATS,
                      "line %d: event 0x%llx", line,
                      (unsigned long long)e.event);
        TU_ASSERT_MSG(e.n == 2, "line %d: %llu values", line,
                      (unsigned long long)e.n);
        if (e.values[0] == out && e.values[1] == in)
            break;
        tu_sleep_ms(10);
    }
    TU_ASSERT_MSG(e.values[0] == out && e.values[1] == in,
                  "line %d: stats [%llu, %llu], expected [%llu, %llu]", line,
                  (unsigned long long)e.values[0],
                  (unsigned long long)e.values[1], (unsigned long long)out,
                  (unsigned long long)in);
    if (local) {
        size_t n = strlen(local);
        if (n && local[n - 1] == '*')
            TU_ASSERT(strncmp(e.local, local, n - 1) == 0);
        else
            TU_EQ_STR(e.local, local);
    }
    if (remote) {
        size_t n = strlen(remote);
        if (n && remote[n - 1] == '*')
            TU_ASSERT_MSG(strncmp(e.remote, remote, n - 1) == 0,
                          "remote '%s'", e.remote);
        else
            TU_EQ_STR(e.remote, remote);
    }
    /* drop answers still coming */
    while (mon2_read_(mon, &e, 50, line) == 0) {
    }
}

int main(void)
{
    char ep[256];
    void *ctx, *push, *pmon, *pull, *lmon, *peer;
    int i;
    TU_START();
    ctx = tu_ctx();

    push = tu_socket(ctx, ZMQ_PUSH);
    pmon = mon2_start(ctx, push, ZMQ_EVENT_PIPES_STATS, ZMQ_PAIR);
    TU_ERR(zmq_socket_monitor_pipes_stats(push), EAGAIN);
    tu_free_tcp_endpoint(ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));
    for (i = 0; i < 3; i++)
        tu_send_str(push, "queued", ZMQ_DONTWAIT);
    expect_stats(push, pmon, 3, 0, "", ep, __LINE__);

    pull = tu_socket(ctx, ZMQ_PULL);
    lmon = mon2_start(ctx, pull, ZMQ_EVENT_PIPES_STATS, ZMQ_PAIR);
    TU_OK(zmq_bind(pull, "tcp://127.0.0.1:*"));
    tu_last_endpoint(pull, ep, sizeof ep);
    peer = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_connect(peer, ep));
    for (i = 0; i < 5; i++)
        tu_send_str(peer, "m", 0);
    expect_stats(pull, lmon, 0, 5, ep, "tcp://127.0.0.1:*", __LINE__);
    for (i = 0; i < 5; i++)
        tu_recv_str(pull, "m", 0);
    /* libzmq learns of reads in steps of the low-water mark (here 500), so
     * it still says 5; ferromq counts the reads themselves */
    if (tu_lib_is_ferromq())
        expect_stats(pull, lmon, 0, 0, ep, "tcp://127.0.0.1:*", __LINE__);

    TU_OK(zmq_close(peer));
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_close(pmon));
    TU_OK(zmq_close(lmon));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
