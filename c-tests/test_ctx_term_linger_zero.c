/* zmq_ctx_term returns promptly when a socket with LINGER 0 is closed with
 * messages it could not deliver (its peer never existed); with LINGER N it
 * returns after about N ms. */
#include "testutil.h"

static int64_t term_time(int linger)
{
    void *ctx, *push;
    char ep[256];
    int i;
    int64_t t0;

    tu_free_tcp_endpoint(ep, sizeof ep); /* nobody listens there */
    ctx = tu_ctx();
    push = zmq_socket(ctx, ZMQ_PUSH);
    TU_ASSERT(push != NULL);
    TU_OK(zmq_connect(push, ep));
    for (i = 0; i < 10; i++)
        TU_EQ_INT(zmq_send(push, "undeliverable", 13, ZMQ_DONTWAIT), 13);
    tu_set_int(push, ZMQ_LINGER, linger);
    TU_OK(zmq_close(push));
    t0 = tu_now_ms();
    TU_OK(zmq_ctx_term(ctx));
    return tu_now_ms() - t0;
}

int main(void)
{
    int64_t dt;
    TU_START();

    dt = term_time(0);
    TU_ASSERT_MSG(dt < 1000, "LINGER 0: term took %lld ms", (long long)dt);

    dt = term_time(300);
    TU_ASSERT_MSG(dt >= 250 && dt < 3000, "LINGER 300: term took %lld ms",
                  (long long)dt);
    return 0;
}
