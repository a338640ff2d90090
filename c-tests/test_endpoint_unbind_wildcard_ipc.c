/* The ipc wildcard (ipc:// followed by an asterisk) binds to a generated
 * path; like a tcp wildcard, the wildcard string itself is not a bound
 * endpoint: zmq_unbind and zmq_disconnect with it fail with ENOENT and
 * leave the binding alone; the resolved endpoint from ZMQ_LAST_ENDPOINT
 * unbinds it. */
#include "testutil.h"

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256], ep2[256];
    TU_START();

    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    TU_OK(zmq_bind(pull, "ipc://*"));
    tu_last_endpoint(pull, ep, sizeof ep);
    TU_ASSERT_MSG(strncmp(ep, "ipc://", 6) == 0 && strcmp(ep, "ipc://*") != 0,
                  "LAST_ENDPOINT %s", ep);
    /* a second wildcard bind gets another path */
    TU_OK(zmq_bind(pull, "ipc://*"));
    tu_last_endpoint(pull, ep2, sizeof ep2);
    TU_ASSERT_MSG(strcmp(ep, ep2) != 0, "both binds at %s", ep);

    TU_ERR(zmq_unbind(pull, "ipc://*"), ENOENT);
    TU_ERR(zmq_disconnect(pull, "ipc://*"), ENOENT);

    /* both bindings still work */
    push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "one", 0);
    tu_recv_str(pull, "one", 0);
    TU_OK(zmq_disconnect(push, ep));
    TU_OK(zmq_connect(push, ep2));
    tu_send_str(push, "two", 0);
    tu_recv_str(pull, "two", 0);

    /* the resolved endpoints unbind, once each */
    TU_OK(zmq_unbind(pull, ep));
    TU_ERR(zmq_unbind(pull, ep), ENOENT);
    TU_OK(zmq_unbind(pull, ep2));
    TU_ERR(zmq_unbind(pull, ep2), ENOENT);
    TU_ERR(zmq_unbind(pull, "ipc://*"), ENOENT);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
