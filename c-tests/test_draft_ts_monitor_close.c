/* A monitored thread-safe socket (SERVER, CLIENT, RADIO, DISH, ...) that is
 * closed stops its monitor: MONITOR_STOPPED arrives and zmq_ctx_term
 * returns (a closed thread-safe socket used to keep its monitor alive, and
 * zmq_ctx_term waited for the monitor's socket forever). */
#include "testutil.h"

static const int types[] = { ZMQ_SERVER, ZMQ_CLIENT, ZMQ_RADIO, ZMQ_DISH,
                             ZMQ_SCATTER, ZMQ_GATHER, ZMQ_PEER, ZMQ_CHANNEL };

int main(void)
{
    size_t i;
    TU_START();
    for (i = 0; i < sizeof types / sizeof types[0]; i++) {
        void *ctx = tu_ctx();
        void *s = tu_socket(ctx, types[i]);
        void *mon = tu_socket(ctx, ZMQ_PAIR);
        char ep[256];
        zmq_msg_t m;
        uint16_t ev = 0;
        tu_set_int(mon, ZMQ_RCVTIMEO, TU_TIMEOUT_MS);
        TU_OK(zmq_socket_monitor(s, "inproc://ts-monitor-close", ZMQ_EVENT_ALL));
        TU_OK(zmq_connect(mon, "inproc://ts-monitor-close"));
        tu_bind_tcp(s, ep, sizeof ep);
        TU_OK(zmq_close(s));
        /* events until MONITOR_STOPPED */
        while (ev != ZMQ_EVENT_MONITOR_STOPPED) {
            TU_OK(zmq_msg_init(&m));
            TU_ASSERT(zmq_msg_recv(&m, mon, 0) == 6);
            memcpy(&ev, zmq_msg_data(&m), 2);
            TU_OK(zmq_msg_close(&m));
            TU_OK(zmq_msg_init(&m));
            TU_ASSERT(zmq_msg_recv(&m, mon, 0) >= 0);
            TU_OK(zmq_msg_close(&m));
        }
        TU_OK(zmq_close(mon));
        TU_OK(zmq_ctx_term(ctx));
    }
    return 0;
}
