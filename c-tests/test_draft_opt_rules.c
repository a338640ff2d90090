/* Draft socket options: defaults, set/get round trips and errnos, as a
 * libzmq 4.3.5 draft build has them.
 *   ZMQ_ROUTER_NOTIFY (97): ROUTER (and REP) only, 0..3; get on any type.
 *   ZMQ_IN_BATCH_SIZE / ZMQ_OUT_BATCH_SIZE (101/102): default 8192, > 0.
 *   ZMQ_HELLO_MSG / DISCONNECT_MSG / HICCUP_MSG (110/111/114): set only,
 *   any socket type, any bytes (empty clears).
 *   ZMQ_PRIORITY (112): >= 0, default 0.  ZMQ_BUSY_POLL (113): set any int;
 *   get is broken in libzmq 4.3.5 (-1 EINVAL), ferromq returns the value.
 *   ZMQ_XSUB_VERBOSE_UNSUBSCRIBE (115): XSUB only.  ZMQ_TOPICS_COUNT (116):
 *   get only, PUB/SUB/XPUB/XSUB (SUB/XSUB count a repeated subscription
 *   each time, as the radix tree of a draft libzmq does).  NORM options (117..124): EINVAL (no NORM).
 *   ZMQ_RECONNECT_STOP, LOOPBACK_FASTPATH, MULTICAST_LOOP, METADATA,
 *   ONLY_FIRST_SUBSCRIBE, XPUB_MANUAL_LAST_VALUE: their rules.
 *   ZMQ_FERROMQ_HWM_DROPPED: read-only uint64 (ferromq only). */
#include "testutil.h"

static void expect_set_err(void *s, int opt, int v)
{
    TU_ERR(zmq_setsockopt(s, opt, &v, sizeof v), EINVAL);
}

static void expect_get_err(void *s, int opt)
{
    int v;
    size_t len = sizeof v;
    TU_ERR(zmq_getsockopt(s, opt, &v, &len), EINVAL);
}

int main(void)
{
    void *ctx, *router, *dealer, *rep, *pub, *sub, *xpub, *xsub, *pull;
    int v, opt;
    size_t len;
    TU_START();
    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    dealer = tu_socket(ctx, ZMQ_DEALER);
    rep = tu_socket(ctx, ZMQ_REP);
    pub = tu_socket(ctx, ZMQ_PUB);
    sub = tu_socket(ctx, ZMQ_SUB);
    xpub = tu_socket(ctx, ZMQ_XPUB);
    xsub = tu_socket(ctx, ZMQ_XSUB);
    pull = tu_socket(ctx, ZMQ_PULL);

    /* ROUTER_NOTIFY */
    TU_EQ_INT(tu_get_int(router, ZMQ_ROUTER_NOTIFY), 0);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_ROUTER_NOTIFY), 0);
    tu_set_int(router, ZMQ_ROUTER_NOTIFY, ZMQ_NOTIFY_CONNECT);
    TU_EQ_INT(tu_get_int(router, ZMQ_ROUTER_NOTIFY), ZMQ_NOTIFY_CONNECT);
    tu_set_int(router, ZMQ_ROUTER_NOTIFY,
               ZMQ_NOTIFY_CONNECT | ZMQ_NOTIFY_DISCONNECT);
    TU_EQ_INT(tu_get_int(router, ZMQ_ROUTER_NOTIFY), 3);
    expect_set_err(router, ZMQ_ROUTER_NOTIFY, 4);
    expect_set_err(router, ZMQ_ROUTER_NOTIFY, -1);
    TU_EQ_INT(tu_get_int(router, ZMQ_ROUTER_NOTIFY), 3);
    expect_set_err(dealer, ZMQ_ROUTER_NOTIFY, 1);
    tu_set_int(rep, ZMQ_ROUTER_NOTIFY, 0);

    /* batch sizes */
    TU_EQ_INT(tu_get_int(dealer, ZMQ_IN_BATCH_SIZE), 8192);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_OUT_BATCH_SIZE), 8192);
    tu_set_int(dealer, ZMQ_IN_BATCH_SIZE, 100);
    tu_set_int(dealer, ZMQ_OUT_BATCH_SIZE, 1);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_IN_BATCH_SIZE), 100);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_OUT_BATCH_SIZE), 1);
    expect_set_err(dealer, ZMQ_IN_BATCH_SIZE, 0);
    expect_set_err(dealer, ZMQ_OUT_BATCH_SIZE, -5);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_IN_BATCH_SIZE), 100);

    /* hello / disconnect / hiccup: set only, any type, any bytes */
    TU_OK(zmq_setsockopt(dealer, ZMQ_HELLO_MSG, "hi", 2));
    TU_OK(zmq_setsockopt(pull, ZMQ_HELLO_MSG, "hi", 2));
    TU_OK(zmq_setsockopt(router, ZMQ_DISCONNECT_MSG, "\0bye", 4));
    TU_OK(zmq_setsockopt(pub, ZMQ_HICCUP_MSG, "h", 1));
    TU_OK(zmq_setsockopt(dealer, ZMQ_HICCUP_MSG, NULL, 0));
    TU_OK(zmq_setsockopt(dealer, ZMQ_HELLO_MSG, NULL, 0));
    {
        char buf[16];
        len = sizeof buf;
        TU_ERR(zmq_getsockopt(dealer, ZMQ_HELLO_MSG, buf, &len), EINVAL);
        len = sizeof buf;
        TU_ERR(zmq_getsockopt(router, ZMQ_DISCONNECT_MSG, buf, &len), EINVAL);
        len = sizeof buf;
        TU_ERR(zmq_getsockopt(dealer, ZMQ_HICCUP_MSG, buf, &len), EINVAL);
    }

    /* priority */
    TU_EQ_INT(tu_get_int(dealer, ZMQ_PRIORITY), 0);
    tu_set_int(dealer, ZMQ_PRIORITY, 5);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_PRIORITY), 5);
    expect_set_err(dealer, ZMQ_PRIORITY, -1);

    /* busy poll: set takes any int */
    tu_set_int(dealer, ZMQ_BUSY_POLL, 50);
    tu_set_int(dealer, ZMQ_BUSY_POLL, -3);
    v = 1;
    TU_ERR(zmq_setsockopt(dealer, ZMQ_BUSY_POLL, &v, 2), EINVAL);
    tu_set_int(dealer, ZMQ_BUSY_POLL, 50);
    v = 0;
    len = sizeof v;
    if (tu_lib_is_ferromq()) {
        /* ferromq: the get works */
        TU_OK(zmq_getsockopt(dealer, ZMQ_BUSY_POLL, &v, &len));
        TU_EQ_INT(v, 50);
    } else {
        /* libzmq 4.3.5: writes the value, then fails */
        TU_ERR(zmq_getsockopt(dealer, ZMQ_BUSY_POLL, &v, &len), EINVAL);
    }

    /* XSUB_VERBOSE_UNSUBSCRIBE: XSUB only */
    tu_set_int(xsub, ZMQ_XSUB_VERBOSE_UNSUBSCRIBE, 1);
    tu_set_int(xsub, ZMQ_XSUB_VERBOSE_UNSUBSCRIBE, 0);
    expect_set_err(sub, ZMQ_XSUB_VERBOSE_UNSUBSCRIBE, 1);
    expect_set_err(dealer, ZMQ_XSUB_VERBOSE_UNSUBSCRIBE, 1);

    /* TOPICS_COUNT: get only, on the pub-sub types */
    TU_EQ_INT(tu_get_int(pub, ZMQ_TOPICS_COUNT), 0);
    TU_EQ_INT(tu_get_int(xpub, ZMQ_TOPICS_COUNT), 0);
    TU_EQ_INT(tu_get_int(sub, ZMQ_TOPICS_COUNT), 0);
    TU_EQ_INT(tu_get_int(xsub, ZMQ_TOPICS_COUNT), 0);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "a", 1));
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "b", 1));
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "a", 1));
    /* a draft libzmq (radix tree) counts a repeated subscription twice */
    TU_EQ_INT(tu_get_int(sub, ZMQ_TOPICS_COUNT), 3);
    TU_OK(zmq_setsockopt(sub, ZMQ_UNSUBSCRIBE, "a", 1));
    TU_EQ_INT(tu_get_int(sub, ZMQ_TOPICS_COUNT), 2);
    TU_OK(zmq_setsockopt(sub, ZMQ_UNSUBSCRIBE, "a", 1));
    TU_EQ_INT(tu_get_int(sub, ZMQ_TOPICS_COUNT), 1);
    expect_get_err(dealer, ZMQ_TOPICS_COUNT);
    expect_get_err(router, ZMQ_TOPICS_COUNT);
    expect_set_err(sub, ZMQ_TOPICS_COUNT, 1);

    /* NORM: not built in */
    for (opt = ZMQ_NORM_MODE; opt <= ZMQ_NORM_PUSH; opt++) {
        expect_set_err(dealer, opt, 1);
        expect_get_err(dealer, opt);
    }

    /* RECONNECT_STOP: a bitmask */
    TU_EQ_INT(ZMQ_RECONNECT_STOP_AFTER_DISCONNECT, 4);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_RECONNECT_STOP), 0);
    tu_set_int(dealer, ZMQ_RECONNECT_STOP,
               ZMQ_RECONNECT_STOP_CONN_REFUSED |
                   ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED |
                   ZMQ_RECONNECT_STOP_AFTER_DISCONNECT);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_RECONNECT_STOP), 7);

    /* LOOPBACK_FASTPATH (no effect off Windows), MULTICAST_LOOP */
    TU_EQ_INT(tu_get_int(dealer, ZMQ_LOOPBACK_FASTPATH), 0);
    tu_set_int(dealer, ZMQ_LOOPBACK_FASTPATH, 1);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_LOOPBACK_FASTPATH), 1);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_MULTICAST_LOOP), 1);
    tu_set_int(dealer, ZMQ_MULTICAST_LOOP, 0);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_MULTICAST_LOOP), 0);

    /* METADATA: "X-name:value" */
    TU_OK(zmq_setsockopt(dealer, ZMQ_METADATA, "X-key:value", 11));
    TU_ERR(zmq_setsockopt(dealer, ZMQ_METADATA, "key:value", 9), EINVAL);
    TU_ERR(zmq_setsockopt(dealer, ZMQ_METADATA, "X-key", 5), EINVAL);

    /* ONLY_FIRST_SUBSCRIBE: XPUB/PUB/XSUB; XPUB_MANUAL_LAST_VALUE: XPUB/PUB */
    tu_set_int(xpub, ZMQ_ONLY_FIRST_SUBSCRIBE, 1);
    tu_set_int(xsub, ZMQ_ONLY_FIRST_SUBSCRIBE, 1);
    expect_set_err(xsub, ZMQ_ONLY_FIRST_SUBSCRIBE, -1);
    expect_set_err(dealer, ZMQ_ONLY_FIRST_SUBSCRIBE, 1);
    tu_set_int(xpub, ZMQ_XPUB_MANUAL_LAST_VALUE, 1);
    expect_set_err(sub, ZMQ_XPUB_MANUAL_LAST_VALUE, 1);

    if (tu_lib_is_ferromq()) {
        uint64_t d = 99;
        len = sizeof d;
        TU_OK(zmq_getsockopt(pub, ZMQ_FERROMQ_HWM_DROPPED, &d, &len));
        TU_EQ_INT(len, 8);
        TU_EQ_INT(d, 0);
        TU_ERR(zmq_setsockopt(pub, ZMQ_FERROMQ_HWM_DROPPED, &d, sizeof d),
               EINVAL);
    }

    TU_OK(zmq_close(router));
    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(rep));
    TU_OK(zmq_close(pub));
    TU_OK(zmq_close(sub));
    TU_OK(zmq_close(xpub));
    TU_OK(zmq_close(xsub));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
