/*
 * test_wire_greeting_zmtp2.c - a raw TCP peer connects to a bound PULL and
 * speaks ZMTP 2.0 (RFC 15): signature with revision 0x01, socket type PUSH,
 * an empty identity frame and one message, then shuts down its sending
 * side.  libzmq 4.3 and ferromq both fall back to ZMTP 2.0 and may deliver
 * that message (test_wire_zmtp20_peer.c checks the exchange itself).  Both
 * must close the connection once the peer has gone, and keep serving their
 * well-behaved PUSH peer, which is all this test asserts.
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    int fd, dropped;
    static const unsigned char v2[] = {
        0xFF, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x7F, /* signature */
        0x01,                                   /* revision: ZMTP 2.0 */
        0x08,                                   /* socket type: PUSH */
        0x00, 0x00,                             /* empty identity frame */
        0x00, 0x05, 'v', '2', 'm', 's', 'g'};   /* one message */

    TU_START();
    ctx = tu_ctx();
    w_pull_and_good_push(ctx, &pull, &push, ep, sizeof ep);

    fd = w_connect(ep);
    (void)w_send_try(fd, v2, sizeof v2);
    TU_ASSERT(shutdown(fd, SHUT_WR) == 0);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "ZMTP 2.0 connection not closed after the peer left");
    close(fd);

    tu_send_str(push, "after", 0);
    dropped = w_recv_until(pull, "after");
    fprintf(stderr, "note: %d message(s) from the ZMTP 2.0 peer delivered\n",
            dropped);
    tu_send_str(push, "after2", 0);
    (void)w_recv_until(pull, "after2"); /* the PULL fair-queues: leftovers
                                           of the other pipe may come first */

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
