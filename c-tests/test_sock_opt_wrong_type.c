/* Socket-type-specific options set on a type they do not apply to fail
 * with EINVAL; on the right types they succeed (libzmq 4.3: REP accepts the
 * ROUTER options, REQ the DEALER one, PUB the XPUB ones).  ZMQ_CONFLATE is
 * a generic option, accepted on every type.  Set-only options cannot be
 * read (EINVAL). */
#include "testutil.h"

static void try_int(void *ctx, int type, int opt, int ok, int line)
{
    void *s = tu_socket(ctx, type);
    int one = 1, rc = zmq_setsockopt(s, opt, &one, sizeof one);
    if (ok && rc != 0)
        tu_fail_(__FILE__, line, zmq_errno(),
                 "option %d on type %d: expected success", opt, type);
    if (!ok && (rc != -1 || zmq_errno() != EINVAL))
        tu_fail_(__FILE__, line, zmq_errno(),
                 "option %d on type %d: rc %d, expected -1/EINVAL", opt, type,
                 rc);
    TU_OK(zmq_close(s));
}

static void try_bin(void *ctx, int type, int opt, int ok, int line)
{
    void *s = tu_socket(ctx, type);
    int rc = zmq_setsockopt(s, opt, "abc", 3);
    if (ok && rc != 0)
        tu_fail_(__FILE__, line, zmq_errno(),
                 "option %d on type %d: expected success", opt, type);
    if (!ok && (rc != -1 || zmq_errno() != EINVAL))
        tu_fail_(__FILE__, line, zmq_errno(),
                 "option %d on type %d: rc %d, expected -1/EINVAL", opt, type,
                 rc);
    TU_OK(zmq_close(s));
}

#define OKI(t, o) try_int(ctx, t, o, 1, __LINE__)
#define BADI(t, o) try_int(ctx, t, o, 0, __LINE__)
#define OKB(t, o) try_bin(ctx, t, o, 1, __LINE__)
#define BADB(t, o) try_bin(ctx, t, o, 0, __LINE__)

int main(void)
{
    void *ctx, *s;
    int v;
    size_t len;
    TU_START();
    ctx = tu_ctx();

    OKI(ZMQ_ROUTER, ZMQ_ROUTER_MANDATORY);
    OKI(ZMQ_REP, ZMQ_ROUTER_MANDATORY);
    BADI(ZMQ_DEALER, ZMQ_ROUTER_MANDATORY);
    BADI(ZMQ_REQ, ZMQ_ROUTER_MANDATORY);
    BADI(ZMQ_PUSH, ZMQ_ROUTER_MANDATORY);
    BADI(ZMQ_PULL, ZMQ_ROUTER_MANDATORY);
    BADI(ZMQ_PAIR, ZMQ_ROUTER_MANDATORY);
    BADI(ZMQ_PUB, ZMQ_ROUTER_MANDATORY);
    BADI(ZMQ_SUB, ZMQ_ROUTER_MANDATORY);

    OKI(ZMQ_ROUTER, ZMQ_ROUTER_HANDOVER);
    OKI(ZMQ_REP, ZMQ_ROUTER_HANDOVER);
    BADI(ZMQ_DEALER, ZMQ_ROUTER_HANDOVER);
    BADI(ZMQ_REQ, ZMQ_ROUTER_HANDOVER);
    BADI(ZMQ_PAIR, ZMQ_ROUTER_HANDOVER);

    OKI(ZMQ_ROUTER, ZMQ_PROBE_ROUTER);
    OKI(ZMQ_REP, ZMQ_PROBE_ROUTER);
    OKI(ZMQ_DEALER, ZMQ_PROBE_ROUTER);
    OKI(ZMQ_REQ, ZMQ_PROBE_ROUTER);
    BADI(ZMQ_PUSH, ZMQ_PROBE_ROUTER);
    BADI(ZMQ_PULL, ZMQ_PROBE_ROUTER);
    BADI(ZMQ_PAIR, ZMQ_PROBE_ROUTER);
    BADI(ZMQ_PUB, ZMQ_PROBE_ROUTER);

    OKI(ZMQ_REQ, ZMQ_REQ_CORRELATE);
    BADI(ZMQ_DEALER, ZMQ_REQ_CORRELATE);
    BADI(ZMQ_REP, ZMQ_REQ_CORRELATE);
    BADI(ZMQ_ROUTER, ZMQ_REQ_CORRELATE);
    BADI(ZMQ_PAIR, ZMQ_REQ_CORRELATE);
    OKI(ZMQ_REQ, ZMQ_REQ_RELAXED);
    BADI(ZMQ_DEALER, ZMQ_REQ_RELAXED);
    BADI(ZMQ_REP, ZMQ_REQ_RELAXED);
    BADI(ZMQ_ROUTER, ZMQ_REQ_RELAXED);

    OKI(ZMQ_ROUTER, ZMQ_ROUTER_RAW);
    BADI(ZMQ_DEALER, ZMQ_ROUTER_RAW);

    OKB(ZMQ_ROUTER, ZMQ_CONNECT_ROUTING_ID);
    OKB(ZMQ_REP, ZMQ_CONNECT_ROUTING_ID);
    OKB(ZMQ_STREAM, ZMQ_CONNECT_ROUTING_ID);
    BADB(ZMQ_DEALER, ZMQ_CONNECT_ROUTING_ID);
    BADB(ZMQ_REQ, ZMQ_CONNECT_ROUTING_ID);
    BADB(ZMQ_PUSH, ZMQ_CONNECT_ROUTING_ID);
    BADB(ZMQ_PAIR, ZMQ_CONNECT_ROUTING_ID);

    OKB(ZMQ_SUB, ZMQ_SUBSCRIBE);
    BADB(ZMQ_PUB, ZMQ_SUBSCRIBE);
    BADB(ZMQ_DEALER, ZMQ_SUBSCRIBE);
    BADB(ZMQ_PULL, ZMQ_UNSUBSCRIBE);
    OKI(ZMQ_XPUB, ZMQ_XPUB_VERBOSE);
    OKI(ZMQ_PUB, ZMQ_XPUB_VERBOSE);
    BADI(ZMQ_SUB, ZMQ_XPUB_VERBOSE);
    BADI(ZMQ_DEALER, ZMQ_XPUB_VERBOSE);

    /* generic: every type takes CONFLATE and IMMEDIATE */
    OKI(ZMQ_REQ, ZMQ_CONFLATE);
    OKI(ZMQ_ROUTER, ZMQ_CONFLATE);
    OKI(ZMQ_PAIR, ZMQ_CONFLATE);
    OKI(ZMQ_PULL, ZMQ_IMMEDIATE);
    OKI(ZMQ_ROUTER, ZMQ_IMMEDIATE);

    /* set-only options cannot be read back */
    s = tu_socket(ctx, ZMQ_ROUTER);
    tu_set_int(s, ZMQ_ROUTER_MANDATORY, 1);
    len = sizeof v;
    TU_ERR(zmq_getsockopt(s, ZMQ_ROUTER_MANDATORY, &v, &len), EINVAL);
    len = sizeof v;
    TU_ERR(zmq_getsockopt(s, ZMQ_ROUTER_HANDOVER, &v, &len), EINVAL);
    len = sizeof v;
    TU_ERR(zmq_getsockopt(s, ZMQ_PROBE_ROUTER, &v, &len), EINVAL);
    TU_OK(zmq_close(s));
    s = tu_socket(ctx, ZMQ_REQ);
    len = sizeof v;
    TU_ERR(zmq_getsockopt(s, ZMQ_REQ_CORRELATE, &v, &len), EINVAL);
    len = sizeof v;
    TU_ERR(zmq_getsockopt(s, ZMQ_REQ_RELAXED, &v, &len), EINVAL);
    TU_OK(zmq_close(s));

    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
