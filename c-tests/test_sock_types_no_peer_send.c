/* Sending with no peer at all, per type, with ZMQ_DONTWAIT:
 *   PAIR, PUSH, DEALER, REQ: EAGAIN (they block until a peer is there);
 *   PUB, XPUB: succeeds, the message is dropped;
 *   ROUTER: succeeds (unknown routing id, dropped);
 *   ROUTER with ROUTER_MANDATORY: EHOSTUNREACH.
 * Blocking sends behave the same way (EAGAIN after SNDTIMEO for the
 * blocking types, immediate success for the dropping ones). */
#include "testutil.h"

static void blocks(void *ctx, int type)
{
    void *s = tu_socket(ctx, type);
    int64_t t0;
    TU_ERR(zmq_send(s, "x", 1, ZMQ_DONTWAIT), EAGAIN);
    tu_set_int(s, ZMQ_SNDTIMEO, 50);
    t0 = tu_now_ms();
    TU_ERR(zmq_send(s, "x", 1, 0), EAGAIN);
    TU_ASSERT(tu_now_ms() - t0 >= 40);
    TU_OK(zmq_close(s));
}

static void drops(void *ctx, int type)
{
    void *s = tu_socket(ctx, type);
    int64_t t0 = tu_now_ms();
    tu_set_int(s, ZMQ_SNDTIMEO, -1);
    TU_EQ_INT(zmq_send(s, "x", 1, ZMQ_DONTWAIT), 1);
    TU_EQ_INT(zmq_send(s, "x", 1, 0), 1);
    TU_ASSERT(tu_now_ms() - t0 < TU_PROMPT_MS);
    TU_OK(zmq_close(s));
}

int main(void)
{
    void *ctx, *s;
    int64_t t0;
    TU_START();
    ctx = tu_ctx();

    blocks(ctx, ZMQ_PAIR);
    blocks(ctx, ZMQ_PUSH);
    blocks(ctx, ZMQ_DEALER);
    blocks(ctx, ZMQ_REQ);
    drops(ctx, ZMQ_PUB);
    drops(ctx, ZMQ_XPUB);

    s = tu_socket(ctx, ZMQ_ROUTER);
    tu_set_int(s, ZMQ_SNDTIMEO, -1);
    t0 = tu_now_ms();
    TU_EQ_INT(zmq_send(s, "id", 2, ZMQ_SNDMORE), 2);
    TU_EQ_INT(zmq_send(s, "x", 1, 0), 1);
    TU_ASSERT(tu_now_ms() - t0 < TU_PROMPT_MS);
    tu_set_int(s, ZMQ_ROUTER_MANDATORY, 1);
    TU_ERR(zmq_send(s, "id", 2, ZMQ_SNDMORE | ZMQ_DONTWAIT), EHOSTUNREACH);
    TU_ERR(zmq_send(s, "id", 2, ZMQ_SNDMORE), EHOSTUNREACH);
    TU_ASSERT(tu_now_ms() - t0 < TU_PROMPT_MS);
    TU_OK(zmq_close(s));

    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
