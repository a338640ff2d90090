/*
 * test_conn_rss_idle.c - what an idle connection costs in memory.  1,000
 * raw ZMTP peers (DEALERs, from a child process) connect over tcp to one
 * ROUTER, each sends one message, then all stay idle.  The ROUTER's
 * process may grow by at most 32 KiB of resident memory per connection
 * (/proc/self/statm, measured after a warm-up of 20 peers, so one-time
 * allocations are not counted).  libzmq measures about 23 KiB here;
 * ferromq once took 78 KiB (a 64 KiB read buffer per connection among
 * others).  Both numbers are printed.
 */
#include "peerfarm.h"

#define WARM 20
#define N 1000
#define MAX_KB 32

int main(void)
{
    pf_farm farm;
    char ep[256];
    void *ctx, *router;
    long base, after;
    int opened, err = 0;
    double per;

    TU_START();
    if (tu_under_valgrind()) {
        printf("SKIP: resident memory under valgrind says nothing\n");
        return 0;
    }
    pf_raise_nofile(3 * (N + WARM) + 256);
    pf_start(&farm, N + WARM);

    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_bind_tcp(router, ep, sizeof ep);

    opened = pf_connect(&farm, ep, WARM, 1, &err);
    TU_ASSERT_MSG(opened == WARM, "warm-up: %d peers (errno %d)", opened, err);
    TU_EQ_INT(pf_recv_hellos(router, WARM), WARM);
    tu_sleep_ms(100);
    base = pf_rss_kb();
    TU_ASSERT(base > 0);

    opened = pf_connect(&farm, ep, N, 1, &err);
    TU_ASSERT_MSG(opened == N, "the child opened %d of %d peers (errno %d)",
                  opened, N, err);
    TU_EQ_INT(pf_recv_hellos(router, N), N);
    tu_sleep_ms(200);
    after = pf_rss_kb();
    per = (double)(after - base) / N;
    printf("%s: %d idle tcp connections: RSS %ld -> %ld KiB, %.1f KiB per "
           "connection\n",
           tu_lib_name(), N, base, after, per);
    TU_ASSERT_MSG(per <= MAX_KB, "%.1f KiB per idle connection (at most %d)",
                  per, MAX_KB);

    pf_stop(&farm);
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
