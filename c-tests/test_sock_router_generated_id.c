/* Routing ids a ROUTER generates for peers that do not set one are 5 bytes:
 * a 0 byte then a 32-bit big-endian counter (random start) that goes up by
 * one per new peer.  Peers of type DEALER and REQ, over tcp and inproc,
 * connected one after the other; replies routed by those ids arrive. */
#include "testutil.h"

#define N 4

static uint32_t be32(const unsigned char *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
           ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

int main(void)
{
    void *ctx, *router, *peer[N];
    char ep_tcp[256], ep_inp[256];
    unsigned char id[N][256];
    int i;
    TU_START();

    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_bind_any(router, "tcp", ep_tcp, sizeof ep_tcp);
    tu_bind_any(router, "inproc", ep_inp, sizeof ep_inp);

    for (i = 0; i < N; i++) {
        int type = (i == 1) ? ZMQ_REQ : ZMQ_DEALER;
        peer[i] = tu_socket(ctx, type);
        TU_OK(zmq_connect(peer[i], (i % 2) ? ep_inp : ep_tcp));
        tu_send_str(peer[i], "hi", 0);
        /* wait for this peer before connecting the next, so that the ids
         * are handed out in this order */
        TU_EQ_INT(zmq_recv(router, id[i], sizeof id[i], 0), 5);
        TU_EQ_INT(id[i][0], 0);
        TU_EQ_INT(tu_get_int(router, ZMQ_RCVMORE), 1);
        if (type == ZMQ_REQ)
            tu_recv_str(router, "", 1);
        tu_recv_str(router, "hi", 0);
        if (i > 0)
            TU_EQ_INT(be32(id[i] + 1), (uint32_t)(be32(id[i - 1] + 1) + 1));
    }

    for (i = N - 1; i >= 0; i--) {
        char body[16];
        snprintf(body, sizeof body, "to-%d", i);
        TU_EQ_INT(zmq_send(router, id[i], 5, ZMQ_SNDMORE), 5);
        if (i == 1)
            tu_send_str(router, "", ZMQ_SNDMORE);
        tu_send_str(router, body, 0);
    }
    for (i = 0; i < N; i++) {
        char body[16];
        snprintf(body, sizeof body, "to-%d", i);
        tu_recv_str(peer[i], body, 0);
    }

    for (i = 0; i < N; i++)
        TU_OK(zmq_close(peer[i]));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
