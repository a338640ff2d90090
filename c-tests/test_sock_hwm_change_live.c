/* ZMQ_SNDHWM / ZMQ_RCVHWM changed after the pipes exist apply to those
 * pipes (libzmq's socket_base update_pipe_options: pipe_t::set_hwms on the
 * socket's side and a pipe_hwm command to the peer's side).
 *
 * inproc limits are the sum of both sides' HWMs; libzmq keeps, per pipe
 * side, the "boost" it added at connect time (the receiving socket's
 * RCVHWM then) and a change recomputes limit = new value + that boost:
 *   - the sender's own limit: its new SNDHWM + the receiver's RCVHWM as of
 *     the connect;
 *   - the peer's limit towards the changing socket: the changing socket's
 *     new RCVHWM + its RCVHWM as of the connect (so a receiver that raises
 *     RCVHWM from 3 to 10 lets 10 + 3 through, whatever the sender's HWM).
 * tcp pipes have no boost: a PUSH connected to a port where nobody listens
 * queues exactly its new SNDHWM.
 *
 * Each case counts non-blocking sends until EAGAIN; nobody reads.  A
 * binder only has the pipe once it has processed its commands
 * (setsockopt does not process them), so the changing socket reads
 * ZMQ_EVENTS first. */
#include "testutil.h"

static int fill(void *push)
{
    int n = 0;
    while (zmq_send(push, "x", 1, ZMQ_DONTWAIT) == 1) {
        n++;
        TU_ASSERT_MSG(n < 100000, "never reached the HWM");
    }
    TU_EQ_INT(zmq_errno(), EAGAIN);
    return n;
}

/* inproc: `binder` binds, the other connects; push_hwm/pull_hwm are the
 * SNDHWM of the PUSH and RCVHWM of the PULL at connect time; afterwards
 * `changer` (the PUSH or the PULL) sets `opt` to `value`. */
static int inproc_case(int push_binds, int push_hwm, int pull_hwm,
                       int change_push, int opt, int value)
{
    void *ctx = tu_ctx();
    void *push = tu_socket(ctx, ZMQ_PUSH);
    void *pull = tu_socket(ctx, ZMQ_PULL);
    char ep[256];
    int n;
    tu_set_int(push, ZMQ_SNDHWM, push_hwm);
    tu_set_int(pull, ZMQ_RCVHWM, pull_hwm);
    if (push_binds) {
        tu_bind_any(push, "inproc", ep, sizeof ep);
        TU_OK(zmq_connect(pull, ep));
    } else {
        tu_bind_any(pull, "inproc", ep, sizeof ep);
        TU_OK(zmq_connect(push, ep));
    }
    /* The binder attaches the pipe when it processes its commands, which
     * setsockopt does not do: ZMQ_EVENTS does, so that the change below
     * finds the pipe on either side. */
    (void)tu_get_int(change_push ? push : pull, ZMQ_EVENTS);
    tu_set_int(change_push ? push : pull, opt, value);
    n = fill(push);
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return n;
}

/* tcp: a PUSH connected to a port nobody listens on (its pipe exists, no
 * session drains it) with SNDHWM `from`, then `to`. */
static int tcp_case(int from, int to)
{
    void *ctx = tu_ctx();
    void *push = tu_socket(ctx, ZMQ_PUSH);
    char ep[256];
    int n;
    tu_free_tcp_endpoint(ep, sizeof ep);
    tu_set_int(push, ZMQ_SNDHWM, from);
    TU_OK(zmq_connect(push, ep));
    tu_set_int(push, ZMQ_SNDHWM, to);
    n = fill(push);
    TU_OK(zmq_close(push));
    TU_OK(zmq_ctx_term(ctx));
    return n;
}

int main(void)
{
    int n;
    TU_START();

    /* the connecting PUSH raises SNDHWM 1 -> 5 (PULL RCVHWM 1): 5 + 1 */
    n = inproc_case(0, 1, 1, 1, ZMQ_SNDHWM, 5);
    printf("inproc, connecter raises SNDHWM 1->5: %d\n", n);
    TU_EQ_INT(n, 6);

    /* ... lowers it 100 -> 70 (PULL RCVHWM 100): 70 + 100, not 200 */
    n = inproc_case(0, 100, 100, 1, ZMQ_SNDHWM, 70);
    printf("inproc, connecter lowers SNDHWM 100->70: %d\n", n);
    TU_EQ_INT(n, 170);

    /* the binding PUSH raises SNDHWM 1 -> 5 (PULL RCVHWM 1): 5 + 1 */
    n = inproc_case(1, 1, 1, 1, ZMQ_SNDHWM, 5);
    printf("inproc, binder raises SNDHWM 1->5: %d\n", n);
    TU_EQ_INT(n, 6);

    /* the bound PULL raises RCVHWM 3 -> 10 (PUSH SNDHWM 2): libzmq gives
     * the PUSH 10 + 3 (its boost is the PULL's RCVHWM at connect) */
    n = inproc_case(0, 2, 3, 0, ZMQ_RCVHWM, 10);
    printf("inproc, receiver raises RCVHWM 3->10: %d\n", n);
    TU_EQ_INT(n, 13);

    /* unchanged limits stay the sum (2 + 3) */
    n = inproc_case(0, 2, 3, 1, ZMQ_LINGER, 0);
    printf("inproc, no HWM change: %d\n", n);
    TU_EQ_INT(n, 5);

    /* tcp, not connected yet: exactly the new SNDHWM */
    n = tcp_case(1, 5);
    printf("tcp, SNDHWM 1->5: %d\n", n);
    TU_EQ_INT(n, 5);
    n = tcp_case(100, 70);
    printf("tcp, SNDHWM 100->70: %d\n", n);
    TU_EQ_INT(n, 70);
    return 0;
}
