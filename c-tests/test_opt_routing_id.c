/* ZMQ_ROUTING_ID (= ZMQ_IDENTITY): 1..255 bytes of any value are accepted
 * and read back (getsockopt reports the length); 0 or more than 255 bytes
 * give EINVAL and keep the old value; a ROUTER sees it as the first frame
 * from the peer. */
#include "testutil.h"

int main(void)
{
    void *ctx, *dealer, *router;
    char id[300], got[300], ep[256];
    size_t len;
    TU_START();

    TU_EQ_INT(ZMQ_IDENTITY, ZMQ_ROUTING_ID);
    ctx = tu_ctx();
    dealer = tu_socket(ctx, ZMQ_DEALER);
    router = tu_socket(ctx, ZMQ_ROUTER);

    memset(id, 'i', sizeof id);
    TU_ERR(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, id, 0), EINVAL);
    TU_ERR(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, id, 256), EINVAL);
    len = sizeof got;
    TU_OK(zmq_getsockopt(dealer, ZMQ_ROUTING_ID, got, &len));
    TU_EQ_INT(len, 0);

    TU_OK(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, id, 255));
    len = sizeof got;
    TU_OK(zmq_getsockopt(dealer, ZMQ_ROUTING_ID, got, &len));
    TU_EQ_INT(len, 255);
    TU_ASSERT(memcmp(got, id, 255) == 0);

    /* binary, with a NUL inside; the last set wins */
    TU_OK(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, "a\0b", 3));
    len = sizeof got;
    TU_OK(zmq_getsockopt(dealer, ZMQ_ROUTING_ID, got, &len));
    TU_EQ_INT(len, 3);
    TU_ASSERT(memcmp(got, "a\0b", 3) == 0);
    TU_ERR(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, id, 256), EINVAL);
    len = sizeof got;
    TU_OK(zmq_getsockopt(dealer, ZMQ_ROUTING_ID, got, &len));
    TU_EQ_INT(len, 3);

    /* the ROUTER sees it */
    tu_bind_any(router, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(dealer, ep));
    tu_send_str(dealer, "body", 0);
    TU_EQ_INT(zmq_recv(router, got, sizeof got, 0), 3);
    TU_ASSERT(memcmp(got, "a\0b", 3) == 0);
    TU_EQ_INT(tu_get_int(router, ZMQ_RCVMORE), 1);
    tu_recv_str(router, "body", 0);

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
