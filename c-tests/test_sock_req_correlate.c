/* ZMQ_REQ_CORRELATE: the REQ puts a 4-byte request id frame before the
 * empty delimiter ([routing-id, request-id, "", body] at a ROUTER), and
 * accepts only a reply that echoes the current id; a reply carrying another
 * id is discarded.  libzmq increments the id (a native-endian uint32) by
 * one for each request.  Checked over inproc and tcp. */
#include "testutil.h"

static void run(const char *transport)
{
    void *ctx, *req, *router;
    char ep[256], id[256], rid[16], wrong[4], buf[64];
    int idlen;
    uint32_t first, second;

    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    req = tu_socket(ctx, ZMQ_REQ);
    tu_set_int(req, ZMQ_REQ_CORRELATE, 1);
    tu_bind_any(router, transport, ep, sizeof ep);
    TU_OK(zmq_connect(req, ep));

    tu_send_str(req, "q1", 0);
    idlen = TU_OK(zmq_recv(router, id, sizeof id, 0));
    TU_EQ_INT(tu_get_int(router, ZMQ_RCVMORE), 1);
    TU_EQ_INT(zmq_recv(router, rid, sizeof rid, 0), 4);
    TU_EQ_INT(tu_get_int(router, ZMQ_RCVMORE), 1);
    tu_recv_str(router, "", 1);
    tu_recv_str(router, "q1", 0);
    memcpy(&first, rid, 4);

    /* a reply with a different request id is dropped */
    memcpy(wrong, rid, 4);
    wrong[0] ^= 0x5a;
    TU_EQ_INT(zmq_send(router, id, (size_t)idlen, ZMQ_SNDMORE), idlen);
    TU_EQ_INT(zmq_send(router, wrong, 4, ZMQ_SNDMORE), 4);
    tu_send_str(router, "", ZMQ_SNDMORE);
    tu_send_str(router, "wrong-id", 0);
    tu_set_int(req, ZMQ_RCVTIMEO, 300);
    TU_ERR(zmq_recv(req, buf, sizeof buf, 0), EAGAIN);
    tu_set_int(req, ZMQ_RCVTIMEO, TU_TIMEOUT_MS);

    /* the matching one is delivered, without the id and delimiter */
    TU_EQ_INT(zmq_send(router, id, (size_t)idlen, ZMQ_SNDMORE), idlen);
    TU_EQ_INT(zmq_send(router, rid, 4, ZMQ_SNDMORE), 4);
    tu_send_str(router, "", ZMQ_SNDMORE);
    tu_send_str(router, "right-id", 0);
    tu_recv_str(req, "right-id", 0);

    /* the next request carries id + 1 */
    tu_send_str(req, "q2", 0);
    TU_EQ_INT(zmq_recv(router, id, sizeof id, 0), idlen);
    TU_EQ_INT(zmq_recv(router, rid, sizeof rid, 0), 4);
    tu_recv_str(router, "", 1);
    tu_recv_str(router, "q2", 0);
    memcpy(&second, rid, 4);
    TU_EQ_INT(second, (uint32_t)(first + 1));

    TU_EQ_INT(zmq_send(router, id, (size_t)idlen, ZMQ_SNDMORE), idlen);
    TU_EQ_INT(zmq_send(router, rid, 4, ZMQ_SNDMORE), 4);
    tu_send_str(router, "", ZMQ_SNDMORE);
    tu_send_str(router, "r2a", ZMQ_SNDMORE);
    tu_send_str(router, "r2b", 0);
    tu_recv_str(req, "r2a", 1);
    tu_recv_str(req, "r2b", 0);

    TU_OK(zmq_close(req));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    run("inproc");
    run("tcp");
    return 0;
}
