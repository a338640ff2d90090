/* ZMQ_MAX_SOCKETS caps the number of open sockets: with the cap at 3, a
 * fourth zmq_socket fails with EMFILE; closing one makes room again. */
#include "testutil.h"

int main(void)
{
    void *ctx, *s[3], *extra;
    int i;
    int64_t deadline;
    TU_START();

    ctx = tu_ctx();
    TU_OK(zmq_ctx_set(ctx, ZMQ_MAX_SOCKETS, 3));
    for (i = 0; i < 3; i++)
        s[i] = TU_PTR(zmq_socket(ctx, ZMQ_PAIR));
    TU_NULL_ERR(zmq_socket(ctx, ZMQ_PAIR), EMFILE);

    TU_OK(zmq_close(s[0]));
    /* the slot is released when the socket is reaped; allow for that */
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    while ((extra = zmq_socket(ctx, ZMQ_PAIR)) == NULL) {
        TU_EQ_INT(zmq_errno(), EMFILE);
        TU_ASSERT_MSG(tu_now_ms() < deadline, "slot never released");
        tu_sleep_ms(5);
    }
    TU_OK(zmq_close(extra));
    TU_OK(zmq_close(s[1]));
    TU_OK(zmq_close(s[2]));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
