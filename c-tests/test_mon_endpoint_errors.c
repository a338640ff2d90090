/* zmq_socket_monitor argument checks: the endpoint must be inproc
 * ("tcp://..." and "ipc://..." -> EPROTONOSUPPORT, an unknown transport
 * too); an endpoint without "://" or with an empty address -> EINVAL; an
 * event mask with bits above 0xFFFF (not v1 events) -> EINVAL; an inproc
 * name already bound in the context -> EADDRINUSE; a NULL socket ->
 * ENOTSOCK.  A NULL endpoint (stop monitoring) is fine even when nothing
 * is monitored; a valid call returns 0. */
#include "testutil.h"

int main(void)
{
    void *ctx, *s, *other;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    s = tu_socket(ctx, ZMQ_DEALER);
    other = tu_socket(ctx, ZMQ_PAIR);

    TU_ERR(zmq_socket_monitor(s, "tcp://127.0.0.1:5555", ZMQ_EVENT_ALL),
           EPROTONOSUPPORT);
    TU_ERR(zmq_socket_monitor(s, "ipc:///tmp/ferromq-ct-monitor",
                              ZMQ_EVENT_ALL),
           EPROTONOSUPPORT);
    TU_ERR(zmq_socket_monitor(s, "bogus://x", ZMQ_EVENT_ALL),
           EPROTONOSUPPORT);
    TU_ERR(zmq_socket_monitor(s, "monitor", ZMQ_EVENT_ALL), EINVAL);
    TU_ERR(zmq_socket_monitor(s, "inproc://", ZMQ_EVENT_ALL), EINVAL);
    tu_inproc_endpoint(ep, sizeof ep);
    TU_ERR(zmq_socket_monitor(s, ep, 0x10000), EINVAL);
    TU_ERR(zmq_socket_monitor(s, ep, -1), EINVAL);
    TU_ERR(zmq_socket_monitor(NULL, ep, ZMQ_EVENT_ALL), ENOTSOCK);

    TU_OK(zmq_socket_monitor(s, NULL, 0));

    tu_inproc_endpoint(ep, sizeof ep);
    TU_OK(zmq_bind(other, ep));
    TU_ERR(zmq_socket_monitor(s, ep, ZMQ_EVENT_ALL), EADDRINUSE);

    tu_inproc_endpoint(ep, sizeof ep);
    TU_OK(zmq_socket_monitor(s, ep, ZMQ_EVENT_ALL & ~ZMQ_EVENT_MONITOR_STOPPED));
    /* the monitor's endpoint is now taken in this context */
    TU_ERR(zmq_bind(other, ep), EADDRINUSE);
    TU_OK(zmq_socket_monitor(s, NULL, 0));

    TU_OK(zmq_close(s));
    TU_OK(zmq_close(other));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
