/*
 * test_conn_fds_per_connection.c - a connection costs the zmq side one
 * file descriptor.  500 raw ZMTP peers (a DEALER each, from a child
 * process) connect over tcp to one ROUTER and each sends one message; once
 * all 500 messages arrived, the ROUTER's process holds at most 500 + 2%
 * more descriptors than before (/proc/self/fd).  libzmq: 1.00 per
 * connection.  (ferromq once held two, a dup() of each connection for its
 * write interest, and ran out of descriptors at half libzmq's peers.)
 */
#include "peerfarm.h"

#define N 500

int main(void)
{
    pf_farm farm;
    char ep[256];
    void *ctx, *router;
    int base, after, opened, err = 0;

    TU_START();
    pf_raise_nofile(3 * N + 256);
    pf_start(&farm, N);

    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_bind_tcp(router, ep, sizeof ep);
    base = pf_count_fds();
    TU_ASSERT(base > 0);

    opened = pf_connect(&farm, ep, N, 1, &err);
    TU_ASSERT_MSG(opened == N, "the child opened %d of %d peers (errno %d)",
                  opened, N, err);
    TU_EQ_INT(pf_recv_hellos(router, N), N);

    after = pf_count_fds();
    printf("%s: %d connections hold %d descriptors (%.2f per connection)\n",
           tu_lib_name(), N, after - base, (double)(after - base) / N);
    TU_ASSERT_MSG(after - base <= N + N / 50,
                  "%d descriptors for %d connections", after - base, N);

    pf_stop(&farm);
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
