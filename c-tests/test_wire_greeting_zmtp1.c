/*
 * test_wire_greeting_zmtp1.c - a raw TCP peer connects to a bound PULL and
 * sends a versioned signature with revision 0x00 (ZMTP 1.0 framing), an
 * empty identity frame and one ZMTP 1.0 message, then shuts down its
 * sending side.  libzmq 4.3 and ferromq both accept ZMTP 1.0 and may
 * deliver that message (test_wire_zmtp10_peer.c checks the exchange
 * itself).  Both must close the connection once the peer has gone, and
 * keep serving their well-behaved PUSH peer, which is all this test
 * asserts.
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    int fd, dropped;
    static const unsigned char v1[] = {
        0xFF, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x7F, /* signature */
        0x00,                                   /* revision: ZMTP 1.0 */
        0x08,                                   /* socket type: PUSH */
        0x01, 0x00,                             /* identity: len 1, flags 0 */
        0x06, 0x00, 'v', '1', 'm', 's', 'g'};   /* len 6, flags 0, body */

    TU_START();
    ctx = tu_ctx();
    w_pull_and_good_push(ctx, &pull, &push, ep, sizeof ep);

    fd = w_connect(ep);
    (void)w_send_try(fd, v1, sizeof v1);
    TU_ASSERT(shutdown(fd, SHUT_WR) == 0);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "ZMTP 1.0 connection not closed after the peer left");
    close(fd);

    tu_send_str(push, "after", 0);
    dropped = w_recv_until(pull, "after");
    fprintf(stderr, "note: %d message(s) from the ZMTP 1.0 peer delivered\n",
            dropped);
    tu_send_str(push, "after2", 0);
    (void)w_recv_until(pull, "after2"); /* the PULL fair-queues: leftovers
                                           of the other pipe may come first */

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
