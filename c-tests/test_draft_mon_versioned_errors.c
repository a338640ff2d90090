/* zmq_socket_monitor_versioned and zmq_socket_monitor_pipes_stats: their
 * errors. NULL socket: ENOTSOCK. Version 1 with an event above 0xFFFF:
 * EINVAL. Monitor socket type other than PAIR/PUB/PUSH: EINVAL. A non-
 * inproc endpoint: EPROTONOSUPPORT; no "://": EINVAL. pipes_stats without
 * ZMQ_EVENT_PIPES_STATS monitored: EINVAL; with it but no pipes: EAGAIN.
 * A NULL endpoint stops monitoring. Version 1 through the versioned call
 * sends v1 frames (6 bytes + endpoint). An unknown version: libzmq
 * accepts it and then sends nothing; ferromq refuses it (EINVAL). */
#include "testutil.h"

int main(void)
{
    char ep[256], mep[256];
    void *ctx, *s, *m;
    zmq_msg_t f;
    int rc;
    TU_START();
    ctx = tu_ctx();
    s = tu_socket(ctx, ZMQ_DEALER);

    TU_ERR(zmq_socket_monitor_versioned(NULL, "inproc://x", ZMQ_EVENT_ALL, 1,
                                        ZMQ_PAIR),
           ENOTSOCK);
    TU_ERR(zmq_socket_monitor_pipes_stats(NULL), ENOTSOCK);
    TU_ERR(zmq_socket_monitor_pipes_stats(s), EINVAL);

    tu_inproc_endpoint(mep, sizeof mep);
    TU_ERR(zmq_socket_monitor_versioned(s, mep, ZMQ_EVENT_PIPES_STATS, 1,
                                        ZMQ_PAIR),
           EINVAL);
    TU_ERR(zmq_socket_monitor_versioned(s, mep, ZMQ_EVENT_ALL_V2, 1,
                                        ZMQ_PAIR),
           EINVAL);
    TU_ERR(zmq_socket_monitor_versioned(s, mep, ZMQ_EVENT_ALL, 2, ZMQ_DEALER),
           EINVAL);
    TU_ERR(zmq_socket_monitor_versioned(s, mep, ZMQ_EVENT_ALL, 2, ZMQ_SUB),
           EINVAL);
    TU_ERR(zmq_socket_monitor_versioned(s, "tcp://127.0.0.1:*",
                                        ZMQ_EVENT_ALL, 2, ZMQ_PAIR),
           EPROTONOSUPPORT);
    TU_ERR(zmq_socket_monitor_versioned(s, "nothing", ZMQ_EVENT_ALL, 2,
                                        ZMQ_PAIR),
           EINVAL);

    /* monitoring, but not PIPES_STATS */
    TU_OK(zmq_socket_monitor_versioned(s, mep, ZMQ_EVENT_CONNECTED, 2,
                                       ZMQ_PAIR));
    TU_ERR(zmq_socket_monitor_pipes_stats(s), EINVAL);
    /* PIPES_STATS, no pipes yet */
    tu_inproc_endpoint(mep, sizeof mep);
    /* (not MONITOR_STOPPED: libzmq's event send blocks without a reader) */
    TU_OK(zmq_socket_monitor_versioned(s, mep, ZMQ_EVENT_PIPES_STATS, 2,
                                       ZMQ_PUSH));
    TU_ERR(zmq_socket_monitor_pipes_stats(s), EAGAIN);
    /* stopped */
    TU_OK(zmq_socket_monitor_versioned(s, NULL, 0, 2, ZMQ_PAIR));
    TU_ERR(zmq_socket_monitor_pipes_stats(s), EINVAL);

    /* version 1 through the versioned call: v1 frames */
    tu_inproc_endpoint(mep, sizeof mep);
    TU_OK(zmq_socket_monitor_versioned(s, mep, ZMQ_EVENT_LISTENING, 1,
                                       ZMQ_PAIR));
    m = tu_socket(ctx, ZMQ_PAIR);
    TU_OK(zmq_connect(m, mep));
    tu_bind_any(s, "tcp", ep, sizeof ep);
    TU_OK(zmq_msg_init(&f));
    TU_EQ_INT(zmq_msg_recv(&f, m, 0), 6);
    TU_ASSERT(zmq_msg_more(&f));
    {
        uint16_t ev;
        memcpy(&ev, zmq_msg_data(&f), 2);
        TU_EQ_INT(ev, ZMQ_EVENT_LISTENING);
    }
    TU_EQ_INT(zmq_msg_recv(&f, m, 0), (int)strlen(ep));
    TU_ASSERT(memcmp(zmq_msg_data(&f), ep, strlen(ep)) == 0);
    TU_ASSERT(!zmq_msg_more(&f));
    TU_OK(zmq_msg_close(&f));
    TU_OK(zmq_socket_monitor(s, NULL, 0));

    /* an unknown version */
    tu_inproc_endpoint(mep, sizeof mep);
    rc = zmq_socket_monitor_versioned(s, mep, ZMQ_EVENT_ALL, 3, ZMQ_PAIR);
    if (tu_lib_is_ferromq())
        TU_ERR(rc, EINVAL);
    else
        TU_OK(rc);

    TU_OK(zmq_close(m));
    TU_OK(zmq_close(s));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
