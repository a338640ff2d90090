/* Application metadata (ZMQ_METADATA, 95: a draft constant the stable 4.3
 * library handles): "X-Name:value" set on the sender shows up as property
 * "X-Name" on every message received from it over tcp; the value may
 * contain ':' ("X-Two:a:b" -> "a:b").  Setting the same name again keeps
 * the first value.  Names must start with "X-" (case-sensitive), have a
 * ':' and a non-empty value, else EINVAL; NULL is EINVAL; the option
 * cannot be read (EINVAL).  Unknown names -> NULL, EINVAL. */
#include "testutil.h"

#ifndef ZMQ_METADATA
#define ZMQ_METADATA 95
#endif

int main(void)
{
    void *ctx, *a, *b;
    char ep[256], buf[64];
    size_t len = sizeof buf;
    zmq_msg_t m;
    TU_START();

    ctx = tu_ctx();
    a = tu_socket(ctx, ZMQ_ROUTER);
    b = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(b, ZMQ_METADATA, "X-Foo:bar", 9));
    TU_OK(zmq_setsockopt(b, ZMQ_METADATA, "X-Two:a:b", 9));
    TU_OK(zmq_setsockopt(b, ZMQ_METADATA, "X-Foo:baz", 9));
    TU_ERR(zmq_setsockopt(b, ZMQ_METADATA, "Foo:bar", 7), EINVAL);
    TU_ERR(zmq_setsockopt(b, ZMQ_METADATA, "x-low:v", 7), EINVAL);
    TU_ERR(zmq_setsockopt(b, ZMQ_METADATA, "X-NoColon", 9), EINVAL);
    TU_ERR(zmq_setsockopt(b, ZMQ_METADATA, "X-Empty:", 8), EINVAL);
    TU_ERR(zmq_setsockopt(b, ZMQ_METADATA, NULL, 0), EINVAL);
    TU_ERR(zmq_getsockopt(b, ZMQ_METADATA, buf, &len), EINVAL);

    tu_bind_any(a, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(b, ep));
    tu_send_str(b, "hello", 0);
    TU_OK(zmq_msg_init(&m));
    TU_OK(zmq_msg_recv(&m, a, 0)); /* routing id frame */
    TU_EQ_STR(zmq_msg_gets(&m, "X-Foo"), "bar");
    TU_OK(zmq_msg_recv(&m, a, 0)); /* body */
    TU_EQ_STR(zmq_msg_gets(&m, "X-Foo"), "bar");
    TU_EQ_STR(zmq_msg_gets(&m, "X-Two"), "a:b");
    TU_NULL_ERR(zmq_msg_gets(&m, "X-Empty"), EINVAL);
    TU_NULL_ERR(zmq_msg_gets(&m, "x-foo"), EINVAL);
    TU_EQ_STR(zmq_msg_gets(&m, "Socket-Type"), "DEALER");
    TU_OK(zmq_msg_close(&m));

    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
