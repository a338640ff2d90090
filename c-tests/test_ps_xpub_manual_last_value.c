/* ZMQ_XPUB_MANUAL_LAST_VALUE (98; a draft constant that the stable 4.3
 * library handles): manual mode, and the first message sent after the
 * application has read a subscription and applied it goes only to the
 * subscriber that sent that subscription (the "last value" for a newcomer),
 * even if others match; later messages go to every matching subscriber. */
#include "testutil.h"

#ifndef ZMQ_XPUB_MANUAL_LAST_VALUE
#define ZMQ_XPUB_MANUAL_LAST_VALUE 98
#endif

int main(void)
{
    void *ctx, *xpub, *sub1, *sub2;
    char ep[256];
    char buf[16];
    TU_START();

    ctx = tu_ctx();
    xpub = tu_socket(ctx, ZMQ_XPUB);
    sub1 = tu_socket(ctx, ZMQ_SUB);
    sub2 = tu_socket(ctx, ZMQ_SUB);
    tu_set_int(xpub, ZMQ_XPUB_MANUAL_LAST_VALUE, 1);
    tu_bind_any(xpub, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(sub1, ep));
    TU_OK(zmq_connect(sub2, ep));

    TU_OK(zmq_setsockopt(sub1, ZMQ_SUBSCRIBE, "A", 1));
    TU_EQ_INT(zmq_recv(xpub, buf, sizeof buf, 0), 2);
    TU_ASSERT(memcmp(buf, "\x01" "A", 2) == 0);
    TU_OK(zmq_setsockopt(xpub, ZMQ_SUBSCRIBE, "A", 1));
    tu_send_str(xpub, "A-first", 0);
    tu_recv_str(sub1, "A-first", 0);

    TU_OK(zmq_setsockopt(sub2, ZMQ_SUBSCRIBE, "A", 1));
    TU_EQ_INT(zmq_recv(xpub, buf, sizeof buf, 0), 2);
    TU_ASSERT(memcmp(buf, "\x01" "A", 2) == 0);
    TU_OK(zmq_setsockopt(xpub, ZMQ_SUBSCRIBE, "A", 1));
    tu_send_str(xpub, "A-last-value", 0);
    tu_recv_str(sub2, "A-last-value", 0);
    /* sub1 also matches "A" but was not the last subscriber */
    TU_ERR(zmq_recv(sub1, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);

    /* the next message goes to both */
    tu_send_str(xpub, "A-all", 0);
    tu_recv_str(sub1, "A-all", 0);
    tu_recv_str(sub2, "A-all", 0);

    TU_OK(zmq_close(sub1));
    TU_OK(zmq_close(sub2));
    TU_OK(zmq_close(xpub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
