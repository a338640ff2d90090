/* zmq_send_const sends a buffer the caller promises to keep alive (no
 * copy): it returns the byte count, the peer receives the bytes intact,
 * and it works for multipart messages, over inproc and tcp. */
#include "testutil.h"

static const char part1[] = "constant part one";
static const char part2[] =
    "constant part two, a bit longer than thirty-three bytes";

static void check(const char *tr)
{
    void *ctx, *push, *pull;
    char ep[256];

    ctx = tu_ctx();
    push = tu_socket(ctx, ZMQ_PUSH);
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_any(pull, tr, ep, sizeof ep);
    TU_OK(zmq_connect(push, ep));

    TU_EQ_INT(zmq_send_const(push, part1, strlen(part1), ZMQ_SNDMORE),
              strlen(part1));
    TU_EQ_INT(zmq_send_const(push, part2, strlen(part2), 0), strlen(part2));
    tu_recv_str(pull, part1, 1);
    tu_recv_str(pull, part2, 0);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    check("inproc");
    check("tcp");
    return 0;
}
