/* Hostile raw peers against a PLAIN server: after a correct PLAIN greeting
 * they send a malformed HELLO; each is refused and the server keeps
 * serving a well-behaved PLAIN client.
 *
 * libzmq 4.3.4 reports ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL and closes:
 *   "HELLO" with no username length            MALFORMED_COMMAND_HELLO
 *   username length 5 with 2 bytes left        MALFORMED_COMMAND_HELLO
 *   username but no password length            MALFORMED_COMMAND_HELLO
 *   password length 5 with 1 byte left         MALFORMED_COMMAND_HELLO
 *   a complete HELLO plus trailing bytes       MALFORMED_COMMAND_HELLO
 *   misspelt "HELLX"                           UNEXPECTED_COMMAND
 *   INITIATE before HELLO                      UNEXPECTED_COMMAND
 * (all ZMQ_PROTOCOL_ERROR_ZMTP_*).  None of them reaches ZAP: the handler
 * (which accepts everyone) sees no request until the good client. */
#include "testutil.h"
#include "rawzmtp.h"
#include "secutil.h"

static zap_handler_t zap;

static const struct {
    const char *what;
    const char *body;
    size_t len;
    int code;
} cases[] = {
    {"no username length", "\x05HELLO", 6,
     ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO},
    {"username cut short", "\x05HELLO\x05" "ab", 9,
     ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO},
    {"no password length", "\x05HELLO\x01" "a", 8,
     ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO},
    {"password cut short", "\x05HELLO\x01" "a\x05" "b", 10,
     ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO},
    {"trailing bytes", "\x05HELLO\x01" "a\x01" "bEXTRA", 15,
     ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO},
    {"misspelt name", "\x05HELLX\x01" "a\x01" "b", 10,
     ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND},
    {"INITIATE first", "\x08INITIATE", 9,
     ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND},
};

int main(void)
{
    void *ctx, *srv, *cli, *ms;
    char ep[256];
    size_t i;
    TU_START();

    ctx = tu_ctx();
    zap_start(&zap, ctx, ZMQ_REP);
    srv = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(srv, ZMQ_PLAIN_SERVER, 1);
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned char g[64], frame[300];
        size_t fl;
        int fd;
        printf("%s\n", cases[i].what);
        fd = w_connect(ep);
        w_greeting_as(g, 3, 0, "PLAIN", 0);
        w_send(fd, g, sizeof g);
        w_recv_exact(fd, g, sizeof g);
        TU_ASSERT(memcmp(g + 12, "PLAIN", 6) == 0);
        fl = w_command_frame(frame, cases[i].body, cases[i].len);
        w_send(fd, frame, fl);
        mon_expect_value(ms, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                         cases[i].code);
        TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                      "%s: connection not closed", cases[i].what);
        close(fd);
    }
    TU_EQ_INT(zap_requests(&zap), 0);
    TU_ASSERT(!tu_wait_readable(srv, 0));

    cli = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(cli, ZMQ_PLAIN_USERNAME, "good", 4));
    TU_OK(zmq_setsockopt(cli, ZMQ_PLAIN_PASSWORD, "client", 6));
    TU_OK(zmq_connect(cli, ep));
    sec_bounce(cli, srv, "good client");
    mon_expect(ms, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    zap_wait_requests(&zap, 1);

    mon_stop(srv, ms);
    TU_OK(zmq_close(cli));
    TU_OK(zmq_close(srv));
    zap_stop(&zap);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
