/* Helpers for monitor v2 tests (zmq_socket_monitor_versioned, draft):
 * start a monitor and read events in the v2 format: uint64 event, uint64
 * N, N uint64 values, local endpoint, remote endpoint. */
#ifndef FERROMQ_MONV2_H
#define FERROMQ_MONV2_H
#include "testutil.h"

/* Monitors `events` of s in version 2 into a socket of type `type` (PAIR,
 * PUB or PUSH) and returns a connected reader (PAIR, SUB or PULL). */
static TU_UNUSED void *mon2_start(void *ctx, void *s, uint64_t events,
                                  int type)
{
    char ep[256];
    void *m;
    int rtype = type == ZMQ_PUB ? ZMQ_SUB : type == ZMQ_PUSH ? ZMQ_PULL
                                                            : ZMQ_PAIR;
    tu_inproc_endpoint(ep, sizeof ep);
    TU_OK(zmq_socket_monitor_versioned(s, ep, events, 2, type));
    m = tu_socket(ctx, rtype);
    if (rtype == ZMQ_SUB)
        TU_OK(zmq_setsockopt(m, ZMQ_SUBSCRIBE, "", 0));
    TU_OK(zmq_connect(m, ep));
    return m;
}

typedef struct {
    uint64_t event;
    uint64_t n;
    uint64_t values[8];
    char local[512];
    char remote[512];
} mon2_event_t;

static TU_UNUSED void mon2_frame_(void *m, zmq_msg_t *f, int more, int line)
{
    TU_ASSERT_MSG(zmq_msg_recv(f, m, 0) >= 0, "line %d: frame missing", line);
    TU_ASSERT_MSG(!!zmq_msg_more(f) == more, "line %d: MORE is %d", line,
                  zmq_msg_more(f));
}

/* Reads one event; 0, or -1 on timeout. */
static TU_UNUSED int mon2_read_(void *m, mon2_event_t *e, int timeout_ms,
                                int line)
{
    zmq_msg_t f;
    uint64_t i;
    memset(e, 0, sizeof *e);
    tu_set_int(m, ZMQ_RCVTIMEO, timeout_ms);
    TU_OK(zmq_msg_init(&f));
    if (zmq_msg_recv(&f, m, 0) < 0) {
        TU_ASSERT_MSG(zmq_errno() == EAGAIN, "line %d: monitor recv", line);
        TU_OK(zmq_msg_close(&f));
        return -1;
    }
    TU_ASSERT_MSG(zmq_msg_size(&f) == 8 && zmq_msg_more(&f),
                  "line %d: event frame of %zu bytes", line,
                  zmq_msg_size(&f));
    memcpy(&e->event, zmq_msg_data(&f), 8);
    mon2_frame_(m, &f, 1, line);
    TU_ASSERT_MSG(zmq_msg_size(&f) == 8, "line %d: count frame", line);
    memcpy(&e->n, zmq_msg_data(&f), 8);
    TU_ASSERT_MSG(e->n <= 8, "line %d: %llu values", line,
                  (unsigned long long)e->n);
    for (i = 0; i < e->n; i++) {
        mon2_frame_(m, &f, 1, line);
        TU_ASSERT_MSG(zmq_msg_size(&f) == 8, "line %d: value frame", line);
        memcpy(&e->values[i], zmq_msg_data(&f), 8);
    }
    mon2_frame_(m, &f, 1, line);
    TU_ASSERT(zmq_msg_size(&f) < sizeof e->local);
    memcpy(e->local, zmq_msg_data(&f), zmq_msg_size(&f));
    mon2_frame_(m, &f, 0, line);
    TU_ASSERT(zmq_msg_size(&f) < sizeof e->remote);
    memcpy(e->remote, zmq_msg_data(&f), zmq_msg_size(&f));
    TU_OK(zmq_msg_close(&f));
    return 0;
}
#define mon2_read(m, e, to) mon2_read_((m), (e), (to), __LINE__)

/* The next event must be `want`; local/remote checked unless NULL (a
 * string ending in '*' is a prefix). */
static TU_UNUSED void mon2_expect_(void *m, uint64_t want, const char *local,
                                   const char *remote, mon2_event_t *out,
                                   int line)
{
    mon2_event_t e;
    const char *want_s[2] = {local, remote};
    const char *got_s[2];
    int i;
    TU_ASSERT_MSG(mon2_read_(m, &e, TU_TIMEOUT_MS, line) == 0,
                  "line %d: no event (expected 0x%llx)", line,
                  (unsigned long long)want);
    TU_ASSERT_MSG(e.event == want,
                  "line %d: event 0x%llx ('%s' '%s'), expected 0x%llx", line,
                  (unsigned long long)e.event, e.local, e.remote,
                  (unsigned long long)want);
    got_s[0] = e.local;
    got_s[1] = e.remote;
    for (i = 0; i < 2; i++) {
        size_t n;
        if (!want_s[i])
            continue;
        n = strlen(want_s[i]);
        if (n > 0 && want_s[i][n - 1] == '*')
            TU_ASSERT_MSG(strncmp(got_s[i], want_s[i], n - 1) == 0,
                          "line %d: event 0x%llx %s '%s', expected '%s'",
                          line, (unsigned long long)want,
                          i ? "remote" : "local", got_s[i], want_s[i]);
        else
            TU_ASSERT_MSG(strcmp(got_s[i], want_s[i]) == 0,
                          "line %d: event 0x%llx %s '%s', expected '%s'",
                          line, (unsigned long long)want,
                          i ? "remote" : "local", got_s[i], want_s[i]);
    }
    if (out)
        *out = e;
}
#define mon2_expect(m, want, local, remote, out)                               \
    mon2_expect_((m), (want), (local), (remote), (out), __LINE__)

#endif
