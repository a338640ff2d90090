/* An unknown transport fails with EPROTONOSUPPORT on bind and connect. */
#include "testutil.h"

int main(void)
{
    void *ctx, *s;
    TU_START();

    ctx = tu_ctx();
    s = tu_socket(ctx, ZMQ_PAIR);
    TU_ERR(zmq_bind(s, "foo://x"), EPROTONOSUPPORT);
    TU_ERR(zmq_connect(s, "foo://x"), EPROTONOSUPPORT);
    TU_ERR(zmq_bind(s, "foo://127.0.0.1:5555"), EPROTONOSUPPORT);
    /* transport names are case-sensitive */
    TU_ERR(zmq_bind(s, "TCP://127.0.0.1:*"), EPROTONOSUPPORT);
    TU_OK(zmq_close(s));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
