/*
 * test_conn_emfile_backoff.c - a ROUTER out of file descriptors.  The test
 * lowers its RLIMIT_NOFILE to leave SLOTS free descriptors, and a child
 * process opens 3 * SLOTS raw ZMTP peers (tcp): the ROUTER serves about
 * SLOTS of them (one descriptor each) and the rest wait in the listener's
 * backlog while accept() fails with EMFILE.  Then:
 *   - the ROUTER's monitor reports ZMQ_EVENT_ACCEPT_FAILED with EMFILE
 *     (both libraries; a thread reads the monitor all along);
 *   - over 2 s of EMFILE the process uses next to no CPU (at most 10%):
 *     asserted on ferromq only, which backs off with a timer; libzmq
 *     retries accept() in a busy loop (its level-triggered poller reports
 *     the backlog again at once) and its CPU time is printed;
 *   - once the peers hang up (descriptors free again), new peers are
 *     accepted and served (both libraries).
 */
#include "peerfarm.h"

#include <dirent.h>
#include <pthread.h>

#define SLOTS 16
#define MEASURE_MS 2000

/* The RLIMIT_NOFILE that leaves exactly `spare` descriptor numbers free
 * below it (descriptors are allocated lowest first, and inherited ones
 * may sit high, leaving holes). */
static int limit_leaving(int spare)
{
    static unsigned char open_[65536];
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int lim, free_ = 0, dfd;
    TU_ASSERT(d != NULL);
    dfd = dirfd(d);
    while ((e = readdir(d)) != NULL) {
        int v = atoi(e->d_name);
        if (e->d_name[0] != '.' && v != dfd && v >= 0 && v < 65536)
            open_[v] = 1;
    }
    closedir(d);
    for (lim = 0; lim < 65536; lim++) {
        if (free_ == spare)
            break;
        if (!open_[lim])
            free_++;
    }
    return lim;
}

/* Reads every queued monitor event; counts ACCEPT_FAILED with EMFILE. */
static int drain_monitor(void *mon, int *other)
{
    int emfile = 0;
    for (;;) {
        unsigned char ev[6];
        char addr[256];
        uint16_t event;
        uint32_t value;
        int rc = zmq_recv(mon, ev, sizeof ev, ZMQ_DONTWAIT);
        if (rc < 0)
            break;
        TU_ASSERT(rc == 6 && tu_get_int(mon, ZMQ_RCVMORE));
        TU_OK(zmq_recv(mon, addr, sizeof addr, 0));
        memcpy(&event, ev, 2);
        memcpy(&value, ev + 2, 4);
        if (event == ZMQ_EVENT_ACCEPT_FAILED && value == EMFILE)
            emfile++;
        else if (other)
            (*other)++;
    }
    return emfile;
}

/* The monitor is read all along, on a thread of its own: libzmq's I/O
 * thread blocks when the monitor's pipe is full, which would stop it
 * accepting anything once descriptors are free again. */
static void *mon_socket;
static volatile int mon_stop;
static volatile int mon_emfile, mon_other;

static void *monitor_reader(void *arg)
{
    (void)arg;
    while (!mon_stop) {
        zmq_pollitem_t it = {mon_socket, 0, ZMQ_POLLIN, 0};
        int other = 0, n;
        if (zmq_poll(&it, 1, 50) < 0)
            break;
        n = drain_monitor(mon_socket, &other);
        mon_emfile += n;
        mon_other += other;
    }
    return NULL;
}

int main(void)
{
    pf_farm farm;
    char ep[256], mon_ep[128];
    void *ctx, *router, *mon;
    pthread_t reader;
    struct rlimit rl;
    int opened, err = 0, served, emfile0, emfile, got;
    long cpu0, cpu1;
    int64_t t0, t1, deadline;

    TU_START();
    pf_start(&farm, 4 * SLOTS);

    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_bind_tcp(router, ep, sizeof ep);
    snprintf(mon_ep, sizeof mon_ep, "inproc://emfile-mon-%d", (int)getpid());
    TU_OK(zmq_socket_monitor(router, mon_ep, ZMQ_EVENT_ACCEPT_FAILED));
    mon = tu_socket(ctx, ZMQ_PAIR);
    TU_OK(zmq_connect(mon, mon_ep));
    mon_socket = mon;
    TU_ASSERT(pthread_create(&reader, NULL, monitor_reader, NULL) == 0);
    /* Every socket the test needs exists now: from here on the process
     * has SLOTS descriptors to spare. */
    TU_OK(getrlimit(RLIMIT_NOFILE, &rl));
    rl.rlim_cur = (rlim_t)limit_leaving(SLOTS);
    TU_OK(setrlimit(RLIMIT_NOFILE, &rl));

    opened = pf_connect(&farm, ep, 3 * SLOTS, 0, &err);
    TU_ASSERT_MSG(opened == 3 * SLOTS, "the child opened %d peers (errno %d)",
                  opened, err);
    /* Served: every message that arrives until 1 s passes without one. */
    tu_set_int(router, ZMQ_RCVTIMEO, 1000);
    served = pf_recv_hellos(router, 3 * SLOTS);
    printf("%s: %d free descriptors served %d of %d peers\n", tu_lib_name(),
           SLOTS, served, 3 * SLOTS);
    TU_ASSERT_MSG(served >= SLOTS - 2 && served < 3 * SLOTS,
                  "%d peers served with %d free descriptors", served, SLOTS);

    /* Two seconds of EMFILE. */
    emfile0 = mon_emfile;
    cpu0 = pf_cpu_ms();
    t0 = tu_now_ms();
    tu_sleep_ms(MEASURE_MS);
    t1 = tu_now_ms();
    cpu1 = pf_cpu_ms();
    emfile = mon_emfile;
    printf("%s: %ld ms of CPU in %lld ms of EMFILE (%.0f%%), %d "
           "ACCEPT_FAILED(EMFILE) events in that time, %d in all\n",
           tu_lib_name(), cpu1 - cpu0, (long long)(t1 - t0),
           100.0 * (double)(cpu1 - cpu0) / (double)(t1 - t0),
           emfile - emfile0, emfile);
    TU_ASSERT_MSG(emfile >= 1, "no ZMQ_EVENT_ACCEPT_FAILED with EMFILE "
                               "(%d other events)", mon_other);
    if (tu_lib_is_ferromq())
        TU_ASSERT_MSG((cpu1 - cpu0) * 10 <= t1 - t0,
                      "%ld ms of CPU in %lld ms of EMFILE: a busy loop",
                      cpu1 - cpu0, (long long)(t1 - t0));
    else if ((cpu1 - cpu0) * 10 > t1 - t0)
        printf("libzmq: spins on EMFILE (not checked on libzmq)\n");

    /* The peers hang up; new ones must be accepted and served. */
    pf_close_all(&farm);
    opened = pf_connect_tag(&farm, ep, 4, 1, "late", &err);
    TU_ASSERT_MSG(opened == 4, "after the hang-up, %d of 4 new peers were "
                               "accepted (errno %d)", opened, err);
    tu_set_int(router, ZMQ_RCVTIMEO, TU_TIMEOUT_MS);
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    got = 0;
    while (got < 4 && tu_now_ms() < deadline)
        got += pf_recv_tagged(router, "late", 4 - got);
    TU_EQ_INT(got, 4);

    pf_stop(&farm);
    TU_OK(zmq_socket_monitor(router, NULL, 0));
    mon_stop = 1;
    TU_ASSERT(pthread_join(reader, NULL) == 0);
    TU_OK(zmq_close(mon));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
