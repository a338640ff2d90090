/* Default option values of a fresh socket, for every stable socket type
 * (observed on libzmq 4.3.4): SNDHWM 1000, RCVHWM 1000, LINGER -1 (0 for
 * SUB and XSUB), SNDTIMEO -1, RCVTIMEO -1, RECONNECT_IVL 100, RCVMORE 0,
 * ROUTING_ID empty, LAST_ENDPOINT "" (length 1 with the NUL), TYPE = the
 * type, EVENTS ZMQ_POLLOUT for PUB, XPUB, XSUB, ROUTER and STREAM (which
 * never block on send) and 0 for the others. */
#include "testutil.h"

int main(void)
{
    void *ctx;
    int t;
    TU_START();

    ctx = tu_ctx();
    for (t = ZMQ_PAIR; t <= ZMQ_STREAM; t++) {
        void *s = zmq_socket(ctx, t);
        char buf[300];
        size_t len;
        int events_want =
            (t == ZMQ_PUB || t == ZMQ_XPUB || t == ZMQ_XSUB ||
             t == ZMQ_ROUTER || t == ZMQ_STREAM)
                ? ZMQ_POLLOUT
                : 0;
        TU_ASSERT(s != NULL);
        fprintf(stderr, "socket type %d\n", t);
        TU_EQ_INT(tu_get_int(s, ZMQ_TYPE), t);
        TU_EQ_INT(tu_get_int(s, ZMQ_SNDHWM), 1000);
        TU_EQ_INT(tu_get_int(s, ZMQ_RCVHWM), 1000);
        TU_EQ_INT(tu_get_int(s, ZMQ_LINGER),
                  (t == ZMQ_SUB || t == ZMQ_XSUB) ? 0 : -1);
        TU_EQ_INT(tu_get_int(s, ZMQ_SNDTIMEO), -1);
        TU_EQ_INT(tu_get_int(s, ZMQ_RCVTIMEO), -1);
        TU_EQ_INT(tu_get_int(s, ZMQ_RECONNECT_IVL), 100);
        TU_EQ_INT(tu_get_int(s, ZMQ_RCVMORE), 0);
        TU_EQ_INT(tu_get_int(s, ZMQ_EVENTS), events_want);

        len = sizeof buf;
        TU_OK(zmq_getsockopt(s, ZMQ_ROUTING_ID, buf, &len));
        TU_EQ_INT(len, 0);

        len = sizeof buf;
        memset(buf, '?', sizeof buf);
        TU_OK(zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, buf, &len));
        TU_EQ_INT(len, 1);
        TU_EQ_STR(buf, "");

        tu_set_int(s, ZMQ_LINGER, 0);
        TU_OK(zmq_close(s));
    }
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
