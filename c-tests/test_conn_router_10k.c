/*
 * test_conn_router_10k.c - one ROUTER serves 10,000 connections.  The
 * test raises its RLIMIT_NOFILE (skips, saying so, if the hard limit
 * leaves no room for 10,000 connections plus the library's own
 * descriptors), a child process opens 10,000 raw ZMTP peers (DEALERs) over
 * ipc, one after the other, each waiting for the ROUTER's greeting, and
 * each sends one message: all 10,000 must arrive, within the test's time
 * limit, with at most 1.02 descriptors per connection.  The memory per
 * connection is printed (not checked here; test_conn_rss_idle does).
 */
#include "peerfarm.h"

#define N 10000

int main(void)
{
    pf_farm farm;
    char ep[256];
    void *ctx, *router;
    long hard, base_kb, after_kb;
    int base, after, opened, err = 0;
    int64_t t0, t1;

    TU_START();
    hard = pf_hard_nofile();
    if (hard < N + 256) {
        printf("SKIP: the hard RLIMIT_NOFILE is %ld; 10,000 connections "
               "need at least %d (ulimit -Hn)\n",
               hard, N + 256);
        return 0;
    }
    pf_raise_nofile(hard < 3 * N ? hard : 3 * N);
    pf_start(&farm, N);

    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_bind_any(router, "ipc", ep, sizeof ep);
    base = pf_count_fds();
    base_kb = pf_rss_kb();

    t0 = tu_now_ms();
    opened = pf_connect(&farm, ep, N, 1, &err);
    TU_ASSERT_MSG(opened == N, "the child opened %d of %d peers (errno %d)",
                  opened, N, err);
    TU_EQ_INT(pf_recv_hellos(router, N), N);
    t1 = tu_now_ms();
    after = pf_count_fds();
    after_kb = pf_rss_kb();
    printf("%s: %d ipc connections in %lld ms, %.2f descriptors and %.1f KiB "
           "per connection\n",
           tu_lib_name(), N, (long long)(t1 - t0),
           (double)(after - base) / N, (double)(after_kb - base_kb) / N);
    TU_ASSERT_MSG(after - base <= N + N / 50,
                  "%d descriptors for %d connections", after - base, N);

    pf_stop(&farm);
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
