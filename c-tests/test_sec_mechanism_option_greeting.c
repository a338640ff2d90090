/* ZMQ_MECHANISM follows the security options, and the greeting on the
 * wire announces the same mechanism.
 *
 * libzmq 4.3.4: ZMQ_MECHANISM reads ZMQ_NULL (0) on a new socket,
 * ZMQ_PLAIN (1) after ZMQ_PLAIN_SERVER=1 and after ZMQ_PLAIN_USERNAME or
 * ZMQ_PLAIN_PASSWORD, ZMQ_NULL again after ZMQ_PLAIN_SERVER=0 or
 * PLAIN_USERNAME/PASSWORD set to (NULL, 0); with CURVE built in, ZMQ_CURVE
 * (2) after ZMQ_CURVE_SERVER=1, after any of the three CURVE keys, and
 * ZMQ_NULL after ZMQ_CURVE_SERVER=0.  The last option set wins (PLAIN then
 * CURVE_SERVERKEY reads CURVE).  ZMQ_PLAIN_SERVER / ZMQ_CURVE_SERVER read 1
 * only while that mechanism is the current one and the socket is a server.
 *
 * On the wire: a raw TCP client sends a ZMTP 3.0 greeting and reads the
 * bound socket's 64-byte greeting (version 3.1): mechanism "PLAIN" for a
 * PLAIN server, "CURVE" for a CURVE server, "NULL" for a default socket.
 * Unlike RFC 23, libzmq 4.3.4 never sets the as-server byte (offset 32):
 * it is 0 even for PLAIN and CURVE servers, like the whole 31-byte filler
 * after it (zmtp_engine.cpp writes 32 zero bytes).  The real library wins:
 * the test asserts 0. */
#include "testutil.h"
#include "rawzmtp.h"

static int mechanism(void *s)
{
    return tu_get_int(s, ZMQ_MECHANISM);
}

/* Bind s, connect a raw client, send a greeting with `mine`, read the
 * socket's greeting and check its mechanism and as-server byte. */
static void check_wire(void *s, const char *mine, const char *want)
{
    int i;
    char ep[256];
    unsigned char g[64], w[20];
    int fd;
    tu_bind_tcp(s, ep, sizeof ep);
    fd = w_connect(ep);
    w_greeting_as(g, 3, 0, mine, 0);
    w_send(fd, g, sizeof g);
    w_recv_exact(fd, g, sizeof g);
    TU_ASSERT_MSG(g[0] == 0xFF && g[9] == 0x7F && g[10] == 3,
                  "not a ZMTP 3 greeting: %02x .. %02x %02x", g[0], g[9],
                  g[10]);
    memset(w, 0, sizeof w);
    memcpy(w, want, strlen(want));
    TU_ASSERT_MSG(memcmp(g + 12, w, 20) == 0, "mechanism \"%.20s\", "
                  "expected \"%s\"", (const char *)g + 12, want);
    TU_EQ_INT(g[11], 1);
    for (i = 32; i < 64; i++)
        TU_ASSERT_MSG(g[i] == 0, "greeting byte %d (as-server/filler) is "
                      "0x%02x, libzmq sends 0", i, g[i]);
    close(fd);
}

int main(void)
{
    void *ctx, *s;
    char pub[41], sec[41];
    int has_curve = zmq_has("curve");
    TU_START();
    printf("zmq_has(\"curve\") = %d\n", has_curve);

    ctx = tu_ctx();
    s = tu_socket(ctx, ZMQ_DEALER);
    TU_EQ_INT(mechanism(s), ZMQ_NULL);
    tu_set_int(s, ZMQ_PLAIN_SERVER, 1);
    TU_EQ_INT(mechanism(s), ZMQ_PLAIN);
    TU_EQ_INT(tu_get_int(s, ZMQ_PLAIN_SERVER), 1);
    tu_set_int(s, ZMQ_PLAIN_SERVER, 0);
    TU_EQ_INT(mechanism(s), ZMQ_NULL);
    TU_EQ_INT(tu_get_int(s, ZMQ_PLAIN_SERVER), 0);
    TU_OK(zmq_setsockopt(s, ZMQ_PLAIN_USERNAME, "user", 4));
    TU_EQ_INT(mechanism(s), ZMQ_PLAIN);
    TU_EQ_INT(tu_get_int(s, ZMQ_PLAIN_SERVER), 0);
    TU_OK(zmq_setsockopt(s, ZMQ_PLAIN_USERNAME, NULL, 0));
    TU_EQ_INT(mechanism(s), ZMQ_NULL);
    TU_OK(zmq_setsockopt(s, ZMQ_PLAIN_PASSWORD, "pw", 2));
    TU_EQ_INT(mechanism(s), ZMQ_PLAIN);
    TU_OK(zmq_setsockopt(s, ZMQ_PLAIN_PASSWORD, NULL, 0));
    TU_EQ_INT(mechanism(s), ZMQ_NULL);

    if (has_curve) {
        TU_OK(zmq_curve_keypair(pub, sec));
        tu_set_int(s, ZMQ_CURVE_SERVER, 1);
        TU_EQ_INT(mechanism(s), ZMQ_CURVE);
        TU_EQ_INT(tu_get_int(s, ZMQ_CURVE_SERVER), 1);
        TU_EQ_INT(tu_get_int(s, ZMQ_PLAIN_SERVER), 0);
        tu_set_int(s, ZMQ_CURVE_SERVER, 0);
        TU_EQ_INT(mechanism(s), ZMQ_NULL);
        TU_OK(zmq_setsockopt(s, ZMQ_PLAIN_USERNAME, "user", 4));
        TU_EQ_INT(mechanism(s), ZMQ_PLAIN);
        TU_OK(zmq_setsockopt(s, ZMQ_CURVE_SERVERKEY, pub, 40));
        TU_EQ_INT(mechanism(s), ZMQ_CURVE);
        TU_EQ_INT(tu_get_int(s, ZMQ_CURVE_SERVER), 0);
        tu_set_int(s, ZMQ_CURVE_SERVER, 0);
        TU_EQ_INT(mechanism(s), ZMQ_NULL);
        TU_OK(zmq_setsockopt(s, ZMQ_CURVE_PUBLICKEY, pub, 40));
        TU_EQ_INT(mechanism(s), ZMQ_CURVE);
        tu_set_int(s, ZMQ_CURVE_SERVER, 0);
        TU_OK(zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, sec, 40));
        TU_EQ_INT(mechanism(s), ZMQ_CURVE);
    }
    TU_OK(zmq_close(s));

    /* the greeting on the wire */
    s = tu_socket(ctx, ZMQ_DEALER);
    check_wire(s, "NULL", "NULL");
    TU_OK(zmq_close(s));

    s = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(s, ZMQ_PLAIN_SERVER, 1);
    check_wire(s, "PLAIN", "PLAIN");
    TU_OK(zmq_close(s));

    if (has_curve) {
        s = tu_socket(ctx, ZMQ_DEALER);
        tu_set_int(s, ZMQ_CURVE_SERVER, 1);
        TU_OK(zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, sec, 40));
        check_wire(s, "CURVE", "CURVE");
        TU_OK(zmq_close(s));
    }

    TU_OK(zmq_ctx_term(ctx));
    printf("mechanism option and greeting: ok\n");
    return 0;
}
