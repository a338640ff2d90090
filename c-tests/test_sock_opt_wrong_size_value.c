/* Option values and sizes for the socket-pattern options:
 *   ROUTER_MANDATORY, ROUTER_HANDOVER, PROBE_ROUTER, REQ_CORRELATE,
 *   REQ_RELAXED: an int >= 0 (any non-zero means on); negative values or a
 *   size other than sizeof(int) -> EINVAL;
 *   IMMEDIATE, CONFLATE: 0 or 1 only (2, -1 -> EINVAL);
 *   SNDHWM, RCVHWM >= 0; SNDTIMEO, RCVTIMEO, LINGER >= -1 (else EINVAL),
 *   and a failed set leaves the old value;
 *   CONNECT_ROUTING_ID: non-empty binary (NULL or length 0 -> EINVAL). */
#include "testutil.h"

static void bad_int(void *s, int opt, int v)
{
    if (zmq_setsockopt(s, opt, &v, sizeof v) != -1 || zmq_errno() != EINVAL)
        TU_FAIL("option %d value %d: expected -1/EINVAL", opt, v);
}

static void bad_sizes(void *s, int opt)
{
    int64_t big = 1;
    short small = 1;
    char one = 1;
    TU_ERR(zmq_setsockopt(s, opt, &big, sizeof big), EINVAL);
    TU_ERR(zmq_setsockopt(s, opt, &small, sizeof small), EINVAL);
    TU_ERR(zmq_setsockopt(s, opt, &one, 1), EINVAL);
    TU_ERR(zmq_setsockopt(s, opt, &big, 0), EINVAL);
}

int main(void)
{
    void *ctx, *router, *req, *dealer;
    int v;
    TU_START();
    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    req = tu_socket(ctx, ZMQ_REQ);
    dealer = tu_socket(ctx, ZMQ_DEALER);

    bad_int(router, ZMQ_ROUTER_MANDATORY, -1);
    bad_sizes(router, ZMQ_ROUTER_MANDATORY);
    tu_set_int(router, ZMQ_ROUTER_MANDATORY, 0);
    tu_set_int(router, ZMQ_ROUTER_MANDATORY, 7);
    bad_int(router, ZMQ_ROUTER_HANDOVER, -1);
    bad_sizes(router, ZMQ_ROUTER_HANDOVER);
    tu_set_int(router, ZMQ_ROUTER_HANDOVER, 2);
    bad_int(router, ZMQ_PROBE_ROUTER, -1);
    bad_sizes(router, ZMQ_PROBE_ROUTER);
    tu_set_int(router, ZMQ_PROBE_ROUTER, 0);
    bad_int(dealer, ZMQ_PROBE_ROUTER, -5);
    bad_sizes(dealer, ZMQ_PROBE_ROUTER);

    bad_int(req, ZMQ_REQ_CORRELATE, -1);
    bad_sizes(req, ZMQ_REQ_CORRELATE);
    tu_set_int(req, ZMQ_REQ_CORRELATE, 5);
    bad_int(req, ZMQ_REQ_RELAXED, -1);
    bad_sizes(req, ZMQ_REQ_RELAXED);
    tu_set_int(req, ZMQ_REQ_RELAXED, 1);

    bad_int(dealer, ZMQ_IMMEDIATE, 2);
    bad_int(dealer, ZMQ_IMMEDIATE, -1);
    bad_sizes(dealer, ZMQ_IMMEDIATE);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_IMMEDIATE), 0);
    bad_int(dealer, ZMQ_CONFLATE, 2);
    bad_int(dealer, ZMQ_CONFLATE, -1);
    bad_sizes(dealer, ZMQ_CONFLATE);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_CONFLATE), 0);

    tu_set_int(dealer, ZMQ_SNDHWM, 7);
    bad_int(dealer, ZMQ_SNDHWM, -1);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_SNDHWM), 7);
    tu_set_int(dealer, ZMQ_SNDHWM, 0);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_SNDHWM), 0);
    bad_int(dealer, ZMQ_RCVHWM, -1);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_RCVHWM), 1000);
    tu_set_int(dealer, ZMQ_SNDTIMEO, 12);
    bad_int(dealer, ZMQ_SNDTIMEO, -2);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_SNDTIMEO), 12);
    tu_set_int(dealer, ZMQ_SNDTIMEO, -1);
    bad_int(dealer, ZMQ_RCVTIMEO, -2);
    tu_set_int(dealer, ZMQ_RCVTIMEO, -1);
    bad_int(dealer, ZMQ_LINGER, -2);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_LINGER), 0);
    tu_set_int(dealer, ZMQ_LINGER, -1);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_LINGER), -1);
    tu_set_int(dealer, ZMQ_LINGER, 0);

    TU_ERR(zmq_setsockopt(router, ZMQ_CONNECT_ROUTING_ID, NULL, 0), EINVAL);
    TU_ERR(zmq_setsockopt(router, ZMQ_CONNECT_ROUTING_ID, "x", 0), EINVAL);
    TU_OK(zmq_setsockopt(router, ZMQ_CONNECT_ROUTING_ID, "x", 1));
    v = 0;
    TU_OK(zmq_setsockopt(router, ZMQ_CONNECT_ROUTING_ID, &v, sizeof v));

    TU_OK(zmq_close(router));
    TU_OK(zmq_close(req));
    TU_OK(zmq_close(dealer));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
