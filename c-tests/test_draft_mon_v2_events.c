/* Monitor v2 (zmq_socket_monitor_versioned, version 2): frames are uint64
 * event, uint64 N, N uint64 values, local endpoint, remote endpoint.
 * Bind side (ROUTER, PAIR monitor): LISTENING (bound endpoint, ""),
 * ACCEPTED and HANDSHAKE_SUCCEEDED (bound endpoint, the peer's address),
 * DISCONNECTED when the peer leaves. Connect side (DEALER, PUSH monitor
 * read by PULL): CONNECT_DELAYED ("", connect endpoint), CONNECTED and
 * HANDSHAKE_SUCCEEDED (its local address, connect endpoint): the local
 * address the client reports is the remote one the server reports. A PUB
 * monitor delivers to a SUB. Stopping sends MONITOR_STOPPED ("", ""). A
 * monitor started after a connection came up reports both of its
 * addresses when it drops. */
#include "monv2.h"

int main(void)
{
    char ep[256], client_local[512];
    void *ctx, *router, *dealer, *rmon, *dmon, *pub, *pmon;
    mon2_event_t e;
    TU_START();
    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    dealer = tu_socket(ctx, ZMQ_DEALER);
    rmon = mon2_start(ctx, router, ZMQ_EVENT_ALL_V2, ZMQ_PAIR);
    dmon = mon2_start(ctx, dealer, ZMQ_EVENT_ALL_V2, ZMQ_PUSH);

    TU_OK(zmq_bind(router, "tcp://127.0.0.1:*"));
    tu_last_endpoint(router, ep, sizeof ep);
    mon2_expect(rmon, ZMQ_EVENT_LISTENING, ep, "", &e);
    TU_EQ_INT(e.n, 1);

    TU_OK(zmq_connect(dealer, ep));
    mon2_expect(dmon, ZMQ_EVENT_CONNECT_DELAYED, "", ep, &e);
    TU_EQ_INT(e.n, 1);
    mon2_expect(dmon, ZMQ_EVENT_CONNECTED, "tcp://127.0.0.1:*", ep, &e);
    TU_EQ_INT(e.n, 1);
    TU_ASSERT(e.values[0] > 0); /* the fd */
    strcpy(client_local, e.local);
    TU_ASSERT(strcmp(client_local, ep) != 0);
    mon2_expect(dmon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, client_local, ep, &e);
    TU_EQ_INT(e.n, 1);
    TU_EQ_INT(e.values[0], 0);

    mon2_expect(rmon, ZMQ_EVENT_ACCEPTED, ep, client_local, &e);
    mon2_expect(rmon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep, client_local, &e);
    TU_EQ_INT(e.values[0], 0);

    TU_OK(zmq_close(dealer));
    mon2_expect(rmon, ZMQ_EVENT_DISCONNECTED, ep, client_local, &e);

    TU_OK(zmq_socket_monitor_versioned(router, NULL, 0, 2, ZMQ_PAIR));
    mon2_expect(rmon, ZMQ_EVENT_MONITOR_STOPPED, "", "", &e);

    /* a monitor started after the connection came up still gets both
     * addresses of it */
    {
        void *d2 = tu_socket(ctx, ZMQ_DEALER), *m2;
        char id[16];
        TU_OK(zmq_connect(d2, ep));
        tu_send_str(d2, "x", 0);
        TU_ASSERT(zmq_recv(router, id, sizeof id, 0) > 0);
        tu_recv_str(router, "x", 0);
        m2 = mon2_start(ctx, router, ZMQ_EVENT_DISCONNECTED, ZMQ_PAIR);
        TU_OK(zmq_close(d2));
        mon2_expect(m2, ZMQ_EVENT_DISCONNECTED, ep, "tcp://127.0.0.1:*", &e);
        TU_ASSERT(strcmp(e.remote, "tcp://127.0.0.1:") != 0);
        TU_OK(zmq_close(m2));
    }

    /* a PUB monitor */
    pub = tu_socket(ctx, ZMQ_PUB);
    pmon = mon2_start(ctx, pub, ZMQ_EVENT_LISTENING, ZMQ_PUB);
    TU_OK(zmq_bind(pub, "tcp://127.0.0.1:*"));
    tu_last_endpoint(pub, ep, sizeof ep);
    mon2_expect(pmon, ZMQ_EVENT_LISTENING, ep, "", &e);

    TU_OK(zmq_close(pub));
    TU_OK(zmq_close(router));
    TU_OK(zmq_close(rmon));
    TU_OK(zmq_close(dmon));
    TU_OK(zmq_close(pmon));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
