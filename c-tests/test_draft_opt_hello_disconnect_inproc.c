/* ZMQ_HELLO_MSG and ZMQ_DISCONNECT_MSG over inproc, as libzmq: a ROUTER
 * bound with both (as of its bind) sends its hello to each connecting
 * DEALER, and receives [id, disconnect message] when that DEALER closes
 * or disconnects; a DEALER's own hello reaches the ROUTER. Both when the
 * DEALER connects after the bind and before it. */
#include "testutil.h"

int main(void)
{
    void *ctx, *router, *a, *b, *c;
    TU_START();
    ctx = tu_ctx();

    /* c connects before the bind */
    c = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(c, ZMQ_ROUTING_ID, "C", 1));
    TU_OK(zmq_setsockopt(c, ZMQ_HELLO_MSG, "I am C", 6));
    TU_OK(zmq_connect(c, "inproc://hello-disconnect"));

    router = tu_socket(ctx, ZMQ_ROUTER);
    TU_OK(zmq_setsockopt(router, ZMQ_HELLO_MSG, "HELLO", 5));
    TU_OK(zmq_setsockopt(router, ZMQ_DISCONNECT_MSG, "BYE", 3));
    TU_OK(zmq_bind(router, "inproc://hello-disconnect"));
    tu_recv_str(c, "HELLO", 0);
    tu_recv_str(router, "C", 1);
    tu_recv_str(router, "I am C", 0);

    a = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(a, ZMQ_ROUTING_ID, "A", 1));
    TU_OK(zmq_connect(a, "inproc://hello-disconnect"));
    tu_recv_str(a, "HELLO", 0);
    tu_send_str(a, "ping", 0);
    tu_recv_str(router, "A", 1);
    tu_recv_str(router, "ping", 0);

    b = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(b, ZMQ_ROUTING_ID, "B", 1));
    TU_OK(zmq_setsockopt(b, ZMQ_HELLO_MSG, "I am B", 6));
    TU_OK(zmq_connect(b, "inproc://hello-disconnect"));
    tu_recv_str(b, "HELLO", 0);
    tu_recv_str(router, "B", 1);
    tu_recv_str(router, "I am B", 0);

    TU_OK(zmq_close(a));
    tu_recv_str(router, "A", 1);
    tu_recv_str(router, "BYE", 0);
    TU_OK(zmq_disconnect(b, "inproc://hello-disconnect"));
    tu_recv_str(router, "B", 1);
    tu_recv_str(router, "BYE", 0);
    TU_OK(zmq_close(c));
    tu_recv_str(router, "C", 1);
    tu_recv_str(router, "BYE", 0);

    TU_OK(zmq_close(b));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
