/* zmq_unbind / zmq_disconnect of an endpoint that was never bound /
 * connected fail with ENOENT, on every transport; a NULL endpoint gives
 * EINVAL. */
#include "testutil.h"

int main(void)
{
    void *ctx, *s;
    char ipc[256], inproc[256], tcp[256];
    TU_START();

    ctx = tu_ctx();
    s = tu_socket(ctx, ZMQ_PULL);
    tu_ipc_endpoint(ipc, sizeof ipc);
    tu_inproc_endpoint(inproc, sizeof inproc);

    TU_ERR(zmq_unbind(s, "tcp://127.0.0.1:5555"), ENOENT);
    TU_ERR(zmq_disconnect(s, "tcp://127.0.0.1:5555"), ENOENT);
    TU_ERR(zmq_unbind(s, ipc), ENOENT);
    TU_ERR(zmq_disconnect(s, ipc), ENOENT);
    TU_ERR(zmq_unbind(s, inproc), ENOENT);
    TU_ERR(zmq_disconnect(s, inproc), ENOENT);
    TU_ERR(zmq_unbind(s, NULL), EINVAL);
    TU_ERR(zmq_disconnect(s, NULL), EINVAL);

    /* bound on one endpoint: unbinding a different one is still ENOENT,
     * and after a successful unbind a second one is ENOENT */
    tu_bind_tcp(s, tcp, sizeof tcp);
    TU_ERR(zmq_unbind(s, "tcp://127.0.0.1:5555"), ENOENT);
    TU_OK(zmq_unbind(s, tcp));
    TU_ERR(zmq_unbind(s, tcp), ENOENT);

    TU_OK(zmq_connect(s, inproc));
    TU_OK(zmq_disconnect(s, inproc));
    TU_ERR(zmq_disconnect(s, inproc), ENOENT);

    TU_OK(zmq_close(s));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
