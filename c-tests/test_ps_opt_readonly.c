/* Read-only options of PUB, SUB, XPUB, XSUB: ZMQ_TYPE is 1, 2, 9, 10;
 * ZMQ_THREAD_SAFE 0; ZMQ_RCVMORE 0 before any message; ZMQ_LAST_ENDPOINT
 * "" before bind/connect, then the resolved bind endpoint or the connect
 * string.  Setting any read-only option (TYPE, RCVMORE, EVENTS,
 * LAST_ENDPOINT, FD, THREAD_SAFE, MECHANISM) is EINVAL.  Default LINGER:
 * -1 for PUB/XPUB, 0 for SUB/XSUB. */
#include "testutil.h"

int main(void)
{
    static const int types[] = { ZMQ_PUB, ZMQ_SUB, ZMQ_XPUB, ZMQ_XSUB };
    static const int linger[] = { -1, 0, -1, 0 };
    static const int ro[] = { ZMQ_TYPE, ZMQ_RCVMORE, ZMQ_EVENTS, ZMQ_FD,
                              ZMQ_THREAD_SAFE, ZMQ_MECHANISM };
    void *ctx, *s, *peer;
    char ep[256], last[256];
    size_t i, j, len;
    TU_START();

    ctx = tu_ctx();
    for (i = 0; i < sizeof types / sizeof types[0]; i++) {
        int v = 1;
        s = zmq_socket(ctx, types[i]);
        TU_ASSERT(s != NULL);
        TU_EQ_INT(tu_get_int(s, ZMQ_LINGER), linger[i]);
        tu_set_int(s, ZMQ_LINGER, 0);
        TU_EQ_INT(tu_get_int(s, ZMQ_TYPE), types[i]);
        TU_EQ_INT(tu_get_int(s, ZMQ_THREAD_SAFE), 0);
        TU_EQ_INT(tu_get_int(s, ZMQ_RCVMORE), 0);
        len = sizeof last;
        TU_OK(zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, last, &len));
        TU_EQ_INT(len, 1);
        TU_EQ_STR(last, "");
        for (j = 0; j < sizeof ro / sizeof ro[0]; j++)
            TU_ERR(zmq_setsockopt(s, ro[j], &v, sizeof v), EINVAL);
        TU_ERR(zmq_setsockopt(s, ZMQ_LAST_ENDPOINT, "tcp://x:1", 9), EINVAL);

        tu_bind_any(s, "tcp", ep, sizeof ep);
        tu_last_endpoint(s, last, sizeof last);
        TU_ASSERT(strncmp(last, "tcp://127.0.0.1:", 16) == 0);
        TU_EQ_INT(tu_tcp_port(last) > 0, 1);

        peer = tu_socket(ctx, types[i] == ZMQ_PUB || types[i] == ZMQ_XPUB
                                  ? ZMQ_SUB
                                  : ZMQ_PUB);
        TU_OK(zmq_connect(peer, ep));
        tu_last_endpoint(peer, last, sizeof last);
        TU_EQ_STR(last, ep);
        TU_OK(zmq_close(peer));
        TU_OK(zmq_close(s));
    }
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
