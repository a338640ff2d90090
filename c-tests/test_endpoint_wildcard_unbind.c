/* A socket bound with a wildcard is unbound with the resolved endpoint
 * from ZMQ_LAST_ENDPOINT; the wildcard string itself is not a bound
 * endpoint (ENOENT).  Same for an ipc endpoint unbound by its string. */
#include "testutil.h"

int main(void)
{
    void *ctx, *s;
    char ep[256], ipc[256];
    TU_START();

    ctx = tu_ctx();
    s = tu_socket(ctx, ZMQ_PULL);
    TU_OK(zmq_bind(s, "tcp://127.0.0.1:*"));
    tu_last_endpoint(s, ep, sizeof ep);
    TU_ERR(zmq_unbind(s, "tcp://127.0.0.1:*"), ENOENT);
    TU_OK(zmq_unbind(s, ep));

    tu_ipc_endpoint(ipc, sizeof ipc);
    TU_OK(zmq_bind(s, ipc));
    TU_OK(zmq_unbind(s, ipc));
    TU_ERR(zmq_unbind(s, ipc), ENOENT);

    TU_OK(zmq_close(s));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
