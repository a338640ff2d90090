/* Validation of the CURVE socket options (libzmq 4.3.4 with CURVE; the
 * test requires zmq_has("curve") == 1, like the rest of test_sec_curve_*).
 *
 *   ZMQ_CURVE_SERVER: int 0 or 1 (2, or a wrong size: EINVAL); reads 1
 *     only while the mechanism is CURVE and the socket a server.
 *   ZMQ_CURVE_PUBLICKEY / SECRETKEY / SERVERKEY accept 32 bytes (binary),
 *     40 bytes (Z85 text) and 41 bytes (Z85 text + NUL); 41 bytes whose
 *     last byte is not NUL, any other size (0, 31, 33, 39, 42, NULL/0) and
 *     40 bytes that are not valid Z85 give EINVAL; size errors change
 *     nothing, invalid Z85 leaves the mechanism alone but (quirk) may have
 *     overwritten the first blocks of the stored key already: libzmq
 *     decodes straight into it and stops at the first bad character.
 *     Each accepted key sets ZMQ_MECHANISM to ZMQ_CURVE; SERVERKEY also
 *     makes the socket a client (CURVE_SERVER reads 0).
 *   getsockopt of a key: a 32-byte buffer gets the binary key (length 32),
 *     a 41-byte buffer the Z85 text with its NUL (length stays 41); 40 or
 *     64 bytes: EINVAL.  A key never set reads as 32 zero bytes. */
#include "testutil.h"

static void expect_key_(void *s, int opt, const char *z85, int line)
{
    uint8_t bin[32], want[32];
    char text[41];
    size_t len = 32;
    TU_ASSERT(zmq_z85_decode(want, z85) == want);
    TU_OK(zmq_getsockopt(s, opt, bin, &len));
    TU_EQ_INT(len, 32);
    TU_ASSERT_MSG(memcmp(bin, want, 32) == 0, "line %d: key differs", line);
    len = 41;
    memset(text, 'x', sizeof text);
    TU_OK(zmq_getsockopt(s, opt, text, &len));
    TU_EQ_INT(len, 41);
    TU_EQ_INT(text[40], 0);
    TU_EQ_STR(text, z85);
}

#define expect_key(s, opt, z85) expect_key_((s), (opt), (z85), __LINE__)

static void key_option(void *ctx, int opt, const char *z85, const char *other)
{
    void *s = tu_socket(ctx, ZMQ_DEALER);
    uint8_t bin[32], zero[32], buf[64];
    char z41[42], bad[41];
    size_t len;

    /* a key never set: 32 zero bytes */
    memset(zero, 0, sizeof zero);
    len = 32;
    TU_OK(zmq_getsockopt(s, opt, buf, &len));
    TU_ASSERT(memcmp(buf, zero, 32) == 0);

    TU_ASSERT(zmq_z85_decode(bin, z85) == bin);
    TU_OK(zmq_setsockopt(s, opt, bin, 32));
    TU_EQ_INT(tu_get_int(s, ZMQ_MECHANISM), ZMQ_CURVE);
    expect_key(s, opt, z85);

    tu_set_int(s, ZMQ_CURVE_SERVER, 0);
    TU_EQ_INT(tu_get_int(s, ZMQ_MECHANISM), ZMQ_NULL);
    TU_OK(zmq_setsockopt(s, opt, other, 40));
    TU_EQ_INT(tu_get_int(s, ZMQ_MECHANISM), ZMQ_CURVE);
    expect_key(s, opt, other);

    memcpy(z41, z85, 41); /* with its NUL */
    TU_OK(zmq_setsockopt(s, opt, z41, 41));
    expect_key(s, opt, z85);

    /* rejected: nothing changes */
    tu_set_int(s, ZMQ_CURVE_SERVER, 0);
    memcpy(z41, other, 40);
    z41[40] = 'A';
    TU_ERR(zmq_setsockopt(s, opt, z41, 41), EINVAL);
    TU_ERR(zmq_setsockopt(s, opt, bin, 0), EINVAL);
    TU_ERR(zmq_setsockopt(s, opt, NULL, 0), EINVAL);
    TU_ERR(zmq_setsockopt(s, opt, bin, 31), EINVAL);
    TU_ERR(zmq_setsockopt(s, opt, z41, 33), EINVAL);
    TU_ERR(zmq_setsockopt(s, opt, other, 39), EINVAL);
    TU_ERR(zmq_setsockopt(s, opt, z41, 42), EINVAL);
    TU_EQ_INT(tu_get_int(s, ZMQ_MECHANISM), ZMQ_NULL);
    expect_key(s, opt, z85);

    /* invalid Z85 text: EINVAL, mechanism unchanged (the stored key may
     * be partly overwritten: libzmq decodes in place) */
    memcpy(bad, other, 41);
    bad[7] = '~'; /* not a Z85 character */
    TU_ERR(zmq_setsockopt(s, opt, bad, 40), EINVAL);
    TU_ERR(zmq_setsockopt(s, opt, bad, 41), EINVAL);
    bad[7] = ' ';
    TU_ERR(zmq_setsockopt(s, opt, bad, 40), EINVAL);
    TU_EQ_INT(tu_get_int(s, ZMQ_MECHANISM), ZMQ_NULL);

    len = 40;
    TU_ERR(zmq_getsockopt(s, opt, buf, &len), EINVAL);
    len = 64;
    TU_ERR(zmq_getsockopt(s, opt, buf, &len), EINVAL);
    len = 31;
    TU_ERR(zmq_getsockopt(s, opt, buf, &len), EINVAL);
    TU_OK(zmq_close(s));
}

int main(void)
{
    void *ctx, *s;
    char pub[41], sec[41], pub2[41], sec2[41];
    char c = 1;
    int two = 2;
    TU_START();
    TU_EQ_INT(zmq_has("curve"), 1);
    TU_OK(zmq_curve_keypair(pub, sec));
    TU_OK(zmq_curve_keypair(pub2, sec2));
    ctx = tu_ctx();

    s = tu_socket(ctx, ZMQ_DEALER);
    TU_EQ_INT(tu_get_int(s, ZMQ_CURVE_SERVER), 0);
    tu_set_int(s, ZMQ_CURVE_SERVER, 1);
    TU_EQ_INT(tu_get_int(s, ZMQ_CURVE_SERVER), 1);
    TU_EQ_INT(tu_get_int(s, ZMQ_MECHANISM), ZMQ_CURVE);
    TU_ERR(zmq_setsockopt(s, ZMQ_CURVE_SERVER, &two, sizeof two), EINVAL);
    TU_ERR(zmq_setsockopt(s, ZMQ_CURVE_SERVER, &c, 1), EINVAL);
    TU_EQ_INT(tu_get_int(s, ZMQ_CURVE_SERVER), 1);
    /* a secret key keeps the server role; the server key ends it */
    TU_OK(zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, sec, 40));
    TU_EQ_INT(tu_get_int(s, ZMQ_CURVE_SERVER), 1);
    TU_OK(zmq_setsockopt(s, ZMQ_CURVE_PUBLICKEY, pub, 40));
    TU_EQ_INT(tu_get_int(s, ZMQ_CURVE_SERVER), 1);
    TU_OK(zmq_setsockopt(s, ZMQ_CURVE_SERVERKEY, pub2, 40));
    TU_EQ_INT(tu_get_int(s, ZMQ_CURVE_SERVER), 0);
    TU_EQ_INT(tu_get_int(s, ZMQ_MECHANISM), ZMQ_CURVE);
    tu_set_int(s, ZMQ_CURVE_SERVER, 0);
    TU_EQ_INT(tu_get_int(s, ZMQ_MECHANISM), ZMQ_NULL);
    TU_OK(zmq_close(s));

    key_option(ctx, ZMQ_CURVE_PUBLICKEY, pub, pub2);
    key_option(ctx, ZMQ_CURVE_SECRETKEY, sec, sec2);
    key_option(ctx, ZMQ_CURVE_SERVERKEY, pub2, pub);

    TU_OK(zmq_ctx_term(ctx));
    printf("curve options: ok\n");
    return 0;
}
