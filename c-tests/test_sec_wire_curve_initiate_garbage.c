/* A raw CURVE client that completes HELLO/WELCOME correctly, then sends a
 * broken INITIATE, is refused; the server keeps serving a real client.
 *
 * The raw side needs real crypto for the HELLO box and to open WELCOME:
 * it loads libsodium (libsodium.so.23, which Debian's libzmq5 depends on)
 * with dlopen, so the test links nothing but libzmq.  Without libsodium
 * the INITIATE part is skipped (printed), the good-client part still runs.
 *
 * libzmq 4.3.4: after a valid HELLO the server answers WELCOME (a 168-byte
 * command) and reports nothing; then it reports
 * ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL and closes:
 *   "INITIATE" alone (9 bytes, minimum 257)    MALFORMED_COMMAND_INITIATE
 *   valid cookie, garbage box                  CRYPTOGRAPHIC
 *   garbled cookie                             CRYPTOGRAPHIC
 * (ZMQ_PROTOCOL_ERROR_ZMTP_*), without asking ZAP (the handler bound
 * here sees no request until the good client). */
#include "testutil.h"
#include "rawzmtp.h"
#include "secutil.h"

#include <dlfcn.h>

static zap_handler_t zap;

typedef int (*keypair_fn)(unsigned char *, unsigned char *);
typedef int (*box_fn)(unsigned char *, const unsigned char *,
                      unsigned long long, const unsigned char *,
                      const unsigned char *, const unsigned char *);
static keypair_fn box_keypair;
static box_fn box_easy, box_open_easy;

static int load_sodium(void)
{
    void *h = dlopen("libsodium.so.23", RTLD_NOW);
    int (*init)(void);
    if (h == NULL)
        h = dlopen("libsodium.so", RTLD_NOW);
    if (h == NULL)
        return 0;
    init = (int (*)(void))dlsym(h, "sodium_init");
    box_keypair = (keypair_fn)dlsym(h, "crypto_box_keypair");
    box_easy = (box_fn)dlsym(h, "crypto_box_easy");
    box_open_easy = (box_fn)dlsym(h, "crypto_box_open_easy");
    if (!init || !box_keypair || !box_easy || !box_open_easy)
        return 0;
    return init() >= 0;
}

/* Connect, greet, send a valid HELLO for server key spk, read and open
 * WELCOME; returns the fd and the 96-byte cookie. */
static int hello_welcome(const char *ep, const uint8_t *spk,
                         unsigned char cookie[96])
{
    unsigned char g[64], h[200], frame[300], nonce[24], box[80], zeros[64];
    unsigned char cpk[32], csk[32], w[256], plain[128];
    size_t wl;
    int fd = w_connect(ep), flags;

    TU_OK(box_keypair(cpk, csk));
    w_greeting_as(g, 3, 0, "CURVE", 0);
    w_send(fd, g, sizeof g);
    w_recv_exact(fd, g, sizeof g);
    TU_ASSERT(memcmp(g + 12, "CURVE", 6) == 0);

    memset(h, 0, sizeof h);
    memcpy(h, "\x05HELLO", 6);
    h[6] = 1;
    memcpy(h + 80, cpk, 32);
    memset(h + 112, 0, 8);
    h[119] = 1; /* short nonce 1 */
    memcpy(nonce, "CurveZMQHELLO---", 16);
    memcpy(nonce + 16, h + 112, 8);
    memset(zeros, 0, sizeof zeros);
    TU_OK(box_easy(box, zeros, 64, nonce, spk, csk));
    memcpy(h + 120, box, 80);
    w_send(fd, frame, w_command_frame(frame, h, sizeof h));

    flags = w_read_frame(fd, w, sizeof w, &wl);
    TU_ASSERT_MSG((flags & 0x04) && wl == 168 &&
                      memcmp(w, "\x07WELCOME", 8) == 0,
                  "expected a 168-byte WELCOME (flags %02x, %zu bytes)", flags,
                  wl);
    memcpy(nonce, "WELCOME-", 8);
    memcpy(nonce + 8, w + 8, 16);
    TU_ASSERT_MSG(box_open_easy(plain, w + 24, 144, nonce, spk, csk) == 0,
                  "cannot open the WELCOME box");
    memcpy(cookie, plain + 32, 96);
    return fd;
}

int main(void)
{
    void *ctx, *srv, *cli, *ms;
    char ep[256], spub[41], ssec[41], cpub[41], csec[41];
    uint8_t spk[32];
    int k;
    TU_START();

    TU_OK(zmq_curve_keypair(spub, ssec));
    TU_OK(zmq_curve_keypair(cpub, csec));
    TU_ASSERT(zmq_z85_decode(spk, spub) == spk);
    ctx = tu_ctx();
    zap_start(&zap, ctx, ZMQ_REP);
    srv = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(srv, ZMQ_CURVE_SERVER, 1);
    TU_OK(zmq_setsockopt(srv, ZMQ_CURVE_SECRETKEY, ssec, 40));
    ms = mon_start(ctx, srv, SEC_HS_EVENTS);
    tu_bind_tcp(srv, ep, sizeof ep);

    if (!load_sodium()) {
        printf("SKIP: libsodium not loadable, INITIATE cases not run\n");
    } else {
        for (k = 0; k < 3; k++) {
            unsigned char cookie[96], init[300], frame[320];
            size_t il, i;
            int code = ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC;
            const char *what;
            int fd = hello_welcome(ep, spk, cookie);
            mon_expect_none(ms, 100); /* HELLO was fine */
            memcpy(init, "\x08INITIATE", 9);
            if (k == 0) {
                what = "INITIATE alone";
                il = 9;
                code = ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE;
            } else {
                what = k == 1 ? "garbage box" : "garbled cookie";
                memcpy(init + 9, cookie, 96);
                if (k == 2)
                    init[9 + 20] ^= 0x5a;
                memset(init + 105, 0, 8);
                init[112] = 2; /* short nonce 2 */
                il = 257;
                for (i = 113; i < il; i++)
                    init[i] = (unsigned char)(i * 29 + 5);
            }
            printf("%s\n", what);
            w_send(fd, frame, w_command_frame(frame, init, il));
            mon_expect_value(ms, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, code);
            TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                          "%s: connection not closed", what);
            close(fd);
        }
        TU_EQ_INT(zap_requests(&zap), 0);
    }
    TU_ASSERT(!tu_wait_readable(srv, 0));

    cli = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_SERVERKEY, spub, 40));
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_PUBLICKEY, cpub, 40));
    TU_OK(zmq_setsockopt(cli, ZMQ_CURVE_SECRETKEY, csec, 40));
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
