/*
 * test_wire_router_duplicate_identity.c - a bound ROUTER serves a DEALER
 * whose routing id is "good".  A raw TCP peer then completes a NULL
 * handshake as DEALER announcing the same Identity "good" and sends a
 * message.  With ZMQ_ROUTER_HANDOVER off (the default) libzmq 4.3 refuses
 * the impostor's pipe: its message is never delivered, replies addressed
 * to "good" still reach the original DEALER, and nothing is sent to the
 * impostor.
 */
#include "testutil.h"
#include "rawzmtp.h"

int main(void)
{
    void *ctx, *router, *dealer;
    char ep[256];
    unsigned char g[64], r[128], meta[96];
    size_t ml, rl;
    int fd;
    struct pollfd p;

    TU_START();
    ctx = tu_ctx();
    router = tu_socket(ctx, ZMQ_ROUTER);
    tu_bind_tcp(router, ep, sizeof ep);
    dealer = w_good_dealer(ctx, ep);
    w_router_roundtrip(router, dealer, "before");

    ml = w_property(meta, "Socket-Type", "DEALER");
    ml += w_property(meta + ml, "Identity", "good");
    rl = w_command(r, "READY", meta, ml);
    fd = w_connect(ep);
    w_greeting(g, 3, 1, "NULL");
    w_send(fd, g, sizeof g);
    w_read_greeting(fd);
    w_send(fd, r, rl);
    w_read_ready(fd);
    (void)w_send_try(fd, "\x00\x04" "evil", 6);

    /* the impostor's "evil" never shows up; the real peer still answers */
    w_router_roundtrip(router, dealer, "after");
    w_router_roundtrip(router, dealer, "after2");
    TU_EQ_INT(tu_drain(router), 0);

    /* and the impostor got none of the replies (at most an EOF) */
    p.fd = fd;
    p.events = POLLIN;
    p.revents = 0;
    if (poll(&p, 1, 200) == 1) {
        char buf[64];
        ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        TU_ASSERT_MSG(n <= 0, "the impostor received %d bytes", (int)n);
    }
    close(fd);

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(router));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
