/* A DRAFT type whose peer is of an incompatible type is refused by the
 * handshake (libzmq's check_socket_type): a CLIENT connecting to a ROUTER,
 * a SCATTER to a PULL, a PEER to a SERVER: the connecting side reports
 * DISCONNECTED without HANDSHAKE_SUCCEEDED, and nothing it sent arrives. */
#include "testutil.h"

static int next_event(void *mon)
{
    zmq_msg_t f;
    uint16_t ev;
    TU_OK(zmq_msg_init(&f));
    TU_ASSERT(zmq_msg_recv(&f, mon, 0) == 6);
    memcpy(&ev, zmq_msg_data(&f), 2);
    TU_ASSERT(zmq_msg_recv(&f, mon, 0) >= 0);
    TU_OK(zmq_msg_close(&f));
    return ev;
}

static void refused(void *ctx, int bind_type, int connect_type)
{
    char ep[256], mep[256], buf[16];
    void *b = tu_socket(ctx, bind_type);
    void *c = tu_socket(ctx, connect_type);
    void *mon = tu_socket(ctx, ZMQ_PAIR);
    int ev;
    tu_bind_any(b, "tcp", ep, sizeof ep);
    tu_inproc_endpoint(mep, sizeof mep);
    TU_OK(zmq_socket_monitor(c, mep,
                             ZMQ_EVENT_DISCONNECTED |
                                 ZMQ_EVENT_HANDSHAKE_SUCCEEDED));
    TU_OK(zmq_connect(mon, mep));
    TU_OK(zmq_connect(c, ep));
    if (connect_type != ZMQ_GATHER)
        zmq_send(c, "x", 1, ZMQ_DONTWAIT);
    ev = next_event(mon);
    TU_EQ_INT(ev, ZMQ_EVENT_DISCONNECTED);
    if (bind_type != ZMQ_SCATTER && bind_type != ZMQ_PUB)
        TU_ERR(zmq_recv(b, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);
    TU_OK(zmq_socket_monitor(c, NULL, 0));
    TU_OK(zmq_close(mon));
    TU_OK(zmq_close(c));
    TU_OK(zmq_close(b));
}

int main(void)
{
    void *ctx;
    TU_START();
    ctx = tu_ctx();
    refused(ctx, ZMQ_ROUTER, ZMQ_CLIENT);
    refused(ctx, ZMQ_PULL, ZMQ_SCATTER);
    refused(ctx, ZMQ_SERVER, ZMQ_PEER);
    refused(ctx, ZMQ_SERVER, ZMQ_DEALER);
    refused(ctx, ZMQ_PAIR, ZMQ_CHANNEL);
    refused(ctx, ZMQ_CHANNEL, ZMQ_PAIR);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
