/* After an ipc bind, ZMQ_LAST_ENDPOINT is the endpoint as given
 * ("ipc:///tmp/..."), the socket file exists, and a connect to it works.
 * After a connect, LAST_ENDPOINT is the connect string. */
#include "testutil.h"
#include <sys/stat.h>

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256], last[256];
    struct stat st;
    TU_START();

    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    push = tu_socket(ctx, ZMQ_PUSH);
    tu_ipc_endpoint(ep, sizeof ep);

    TU_OK(zmq_bind(pull, ep));
    tu_last_endpoint(pull, last, sizeof last);
    TU_EQ_STR(last, ep);
    TU_OK(stat(ep + strlen("ipc://"), &st));
    TU_ASSERT(S_ISSOCK(st.st_mode));

    TU_OK(zmq_connect(push, ep));
    tu_last_endpoint(push, last, sizeof last);
    TU_EQ_STR(last, ep);
    tu_send_str(push, "over ipc", 0);
    tu_recv_str(pull, "over ipc", 0);

    TU_OK(zmq_close(pull));
    TU_OK(zmq_close(push));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
