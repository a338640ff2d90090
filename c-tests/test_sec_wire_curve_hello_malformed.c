/* Hostile raw peers against a CURVE server: after a correct CURVE
 * greeting they send a broken HELLO; each is refused and the server keeps
 * serving a real CURVE client.  (No crypto needed on the raw side: every
 * HELLO here is rejected before or at the box.)
 *
 * libzmq 4.3.4 reports ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL and closes:
 *   "HELLO" alone (6 bytes)                    MALFORMED_COMMAND_HELLO
 *   HELLO of 199 or 201 bytes (must be 200)    MALFORMED_COMMAND_HELLO
 *   200 bytes, version 2.0 instead of 1.0      MALFORMED_COMMAND_HELLO
 *   200 bytes, misspelt "HELLX"                UNEXPECTED_COMMAND
 *   200 bytes, right layout, garbage box       CRYPTOGRAPHIC
 * (all ZMQ_PROTOCOL_ERROR_ZMTP_*).  The server sends no WELCOME to any of
 * them. */
#include "testutil.h"
#include "rawzmtp.h"
#include "secutil.h"

/* HELLO (RFC 26): "\x05HELLO", version 1.0, 72 zero bytes, client
 * short-term key (32), short nonce (8), signature box (80) */
static size_t hello(unsigned char *h, size_t len, int version,
                    const char *name)
{
    size_t i;
    memset(h, 0, len);
    memcpy(h, name, 6);
    h[6] = (unsigned char)version;
    h[7] = 0;
    for (i = 80; i < len; i++)
        h[i] = (unsigned char)(i * 37 + 11);
    return len;
}

int main(void)
{
    void *ctx, *srv, *cli, *ms;
    char ep[256], spub[41], ssec[41], cpub[41], csec[41];
    int k;
    TU_START();

    TU_OK(zmq_curve_keypair(spub, ssec));
    TU_OK(zmq_curve_keypair(cpub, csec));
    ctx = tu_ctx();
    srv = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(srv, ZMQ_CURVE_SERVER, 1);
    TU_OK(zmq_setsockopt(srv, ZMQ_CURVE_SECRETKEY, ssec, 40));
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);

    for (k = 0; k < 6; k++) {
        unsigned char g[64], body[256], frame[300];
        size_t bl, fl;
        int fd, code = ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO;
        const char *what;
        switch (k) {
        case 0: what = "6 bytes"; bl = hello(body, 6, 1, "\x05HELLO"); break;
        case 1: what = "199 bytes"; bl = hello(body, 199, 1, "\x05HELLO"); break;
        case 2: what = "201 bytes"; bl = hello(body, 201, 1, "\x05HELLO"); break;
        case 3: what = "version 2"; bl = hello(body, 200, 2, "\x05HELLO"); break;
        case 4:
            what = "HELLX";
            bl = hello(body, 200, 1, "\x05HELLX");
            code = ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND;
            break;
        default:
            what = "garbage box";
            bl = hello(body, 200, 1, "\x05HELLO");
            code = ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC;
            break;
        }
        printf("%s\n", what);
        fd = w_connect(ep);
        w_greeting_as(g, 3, 0, "CURVE", 0);
        w_send(fd, g, sizeof g);
        w_recv_exact(fd, g, sizeof g);
        TU_ASSERT(memcmp(g + 12, "CURVE", 6) == 0);
        fl = w_command_frame(frame, body, bl);
        w_send(fd, frame, fl);
        mon_expect_value(ms, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, code);
        TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                      "%s: connection not closed", what);
        close(fd);
    }
    TU_ASSERT(!tu_wait_readable(srv, 0));

    cli = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_SERVERKEY, spub, 40));
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_PUBLICKEY, cpub, 40));
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_SECRETKEY, csec, 40));
    TU_OK(zmq_connect(cli, ep));
    sec_bounce(cli, srv, "good client");
    mon_expect(ms, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);

    mon_stop(srv, ms);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
