/* Binding tcp://127.0.0.1:* and the all-interfaces wildcard ("*:*" after
 * tcp://) picks an ephemeral port, and ZMQ_LAST_ENDPOINT reports the
 * resolved endpoint: "tcp://127.0.0.1:N" and "tcp://0.0.0.0:N" with
 * 0 < N < 65536; port 0 means the same as "*".  The reported endpoint is
 * connectable. */
#include "testutil.h"

static int port_of(const char *ep, const char *prefix)
{
    size_t pl = strlen(prefix);
    char *end;
    long port;
    TU_ASSERT_MSG(strncmp(ep, prefix, pl) == 0, "\"%s\" should start with %s",
                  ep, prefix);
    port = strtol(ep + pl, &end, 10);
    TU_ASSERT_MSG(*end == '\0' && port > 0 && port < 65536, "bad port in %s",
                  ep);
    return (int)port;
}

static void connect_and_send(void *ctx, void *pull, const char *ep)
{
    void *push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "hi", 0);
    tu_recv_str(pull, "hi", 0);
    TU_OK(zmq_close(push));
}

int main(void)
{
    void *ctx, *a, *b, *c;
    char ep[256], conn[256];
    int pa, pb, pc;
    TU_START();

    ctx = tu_ctx();
    a = tu_socket(ctx, ZMQ_PULL);
    b = tu_socket(ctx, ZMQ_PULL);
    c = tu_socket(ctx, ZMQ_PULL);

    TU_OK(zmq_bind(a, "tcp://127.0.0.1:*"));
    tu_last_endpoint(a, ep, sizeof ep);
    pa = port_of(ep, "tcp://127.0.0.1:");
    connect_and_send(ctx, a, ep);

    TU_OK(zmq_bind(b, "tcp://*:*"));
    tu_last_endpoint(b, ep, sizeof ep);
    pb = port_of(ep, "tcp://0.0.0.0:");
    snprintf(conn, sizeof conn, "tcp://127.0.0.1:%d", pb);
    connect_and_send(ctx, b, conn);

    TU_OK(zmq_bind(c, "tcp://127.0.0.1:0"));
    tu_last_endpoint(c, ep, sizeof ep);
    pc = port_of(ep, "tcp://127.0.0.1:");
    connect_and_send(ctx, c, ep);

    TU_ASSERT(pa != pb && pb != pc && pa != pc);

    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_close(c));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
