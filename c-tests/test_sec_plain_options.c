/* Validation of the PLAIN and ZAP-domain socket options (libzmq 4.3.4).
 *
 *   ZMQ_PLAIN_SERVER: int 0/1 (2 or a wrong size: EINVAL); 1 sets the
 *     mechanism to PLAIN, 0 back to NULL; reads 1 only while PLAIN and
 *     server.
 *   ZMQ_PLAIN_USERNAME / PASSWORD: 1..255 bytes (any bytes, NUL included)
 *     set the value, make the mechanism PLAIN and the socket a client
 *     (PLAIN_SERVER reads 0); 256 bytes: EINVAL; (NULL, 0) resets the
 *     mechanism to NULL but does NOT clear the stored value (it still
 *     reads back); a non-NULL pointer with length 0: EINVAL.
 *     getsockopt returns the value plus a NUL (length = size + 1); a
 *     buffer shorter than that: EINVAL.  Unset: "" (length 1).
 *   ZMQ_ZAP_DOMAIN: 1..255 bytes; 256: EINVAL; length 0 (NULL or not):
 *     EINVAL - a domain cannot be cleared once set.  Reads back with a NUL.
 */
#include "testutil.h"

static void expect_str(void *s, int opt, const char *want)
{
    char buf[300];
    size_t len = sizeof buf;
    TU_OK(zmq_getsockopt(s, opt, buf, &len));
    TU_EQ_INT(len, strlen(want) + 1);
    TU_EQ_INT(buf[len - 1], 0);
    TU_EQ_STR(buf, want);
}

static void string_option(void *ctx, int opt)
{
    void *s = tu_socket(ctx, ZMQ_DEALER);
    char long_[300], buf[8];
    size_t len;
    memset(long_, 'u', sizeof long_);

    expect_str(s, opt, "");
    TU_OK(zmq_setsockopt(s, opt, "alice", 5));
    TU_EQ_INT(tu_get_int(s, ZMQ_MECHANISM), ZMQ_PLAIN);
    TU_EQ_INT(tu_get_int(s, ZMQ_PLAIN_SERVER), 0);
    expect_str(s, opt, "alice");
    len = 5; /* no room for the NUL */
    TU_ERR(zmq_getsockopt(s, opt, buf, &len), EINVAL);
    len = 6;
    TU_OK(zmq_getsockopt(s, opt, buf, &len));
    TU_EQ_INT(len, 6);

    TU_OK(zmq_setsockopt(s, opt, long_, 255));
    long_[255] = '\0';
    expect_str(s, opt, long_);
    long_[255] = 'u';
    TU_ERR(zmq_setsockopt(s, opt, long_, 256), EINVAL);
    TU_ERR(zmq_setsockopt(s, opt, "x", 0), EINVAL);
    TU_EQ_INT(tu_get_int(s, ZMQ_MECHANISM), ZMQ_PLAIN);

    TU_OK(zmq_setsockopt(s, opt, NULL, 0));
    TU_EQ_INT(tu_get_int(s, ZMQ_MECHANISM), ZMQ_NULL);
    long_[255] = '\0';
    expect_str(s, opt, long_); /* still there */

    /* a client option ends the server role */
    tu_set_int(s, ZMQ_PLAIN_SERVER, 1);
    TU_EQ_INT(tu_get_int(s, ZMQ_PLAIN_SERVER), 1);
    TU_OK(zmq_setsockopt(s, opt, "bob", 3));
    TU_EQ_INT(tu_get_int(s, ZMQ_PLAIN_SERVER), 0);
    TU_EQ_INT(tu_get_int(s, ZMQ_MECHANISM), ZMQ_PLAIN);
    TU_OK(zmq_close(s));
}

int main(void)
{
    void *ctx, *s;
    char c = 1, long_[300];
    int two = 2;
    TU_START();
    ctx = tu_ctx();

    s = tu_socket(ctx, ZMQ_DEALER);
    TU_EQ_INT(tu_get_int(s, ZMQ_PLAIN_SERVER), 0);
    tu_set_int(s, ZMQ_PLAIN_SERVER, 1);
    TU_EQ_INT(tu_get_int(s, ZMQ_PLAIN_SERVER), 1);
    TU_EQ_INT(tu_get_int(s, ZMQ_MECHANISM), ZMQ_PLAIN);
    TU_ERR(zmq_setsockopt(s, ZMQ_PLAIN_SERVER, &two, sizeof two), EINVAL);
    TU_ERR(zmq_setsockopt(s, ZMQ_PLAIN_SERVER, &c, 1), EINVAL);
    TU_EQ_INT(tu_get_int(s, ZMQ_PLAIN_SERVER), 1);
    tu_set_int(s, ZMQ_PLAIN_SERVER, 0);
    TU_EQ_INT(tu_get_int(s, ZMQ_PLAIN_SERVER), 0);
    TU_EQ_INT(tu_get_int(s, ZMQ_MECHANISM), ZMQ_NULL);

    /* binary credentials: a NUL inside is kept */
    TU_OK(zmq_setsockopt(s, ZMQ_PLAIN_PASSWORD, "a\0b", 3));
    {
        char buf[8];
        size_t len = sizeof buf;
        TU_OK(zmq_getsockopt(s, ZMQ_PLAIN_PASSWORD, buf, &len));
        TU_EQ_INT(len, 4);
        TU_ASSERT(memcmp(buf, "a\0b\0", 4) == 0);
    }

    /* ZMQ_ZAP_DOMAIN */
    expect_str(s, ZMQ_ZAP_DOMAIN, "");
    TU_OK(zmq_setsockopt(s, ZMQ_ZAP_DOMAIN, "global", 6));
    expect_str(s, ZMQ_ZAP_DOMAIN, "global");
    TU_ERR(zmq_setsockopt(s, ZMQ_ZAP_DOMAIN, "", 0), EINVAL);
    TU_ERR(zmq_setsockopt(s, ZMQ_ZAP_DOMAIN, NULL, 0), EINVAL);
    memset(long_, 'd', sizeof long_);
    TU_ERR(zmq_setsockopt(s, ZMQ_ZAP_DOMAIN, long_, 256), EINVAL);
    expect_str(s, ZMQ_ZAP_DOMAIN, "global");
    TU_OK(zmq_setsockopt(s, ZMQ_ZAP_DOMAIN, long_, 255));
    long_[255] = '\0';
    expect_str(s, ZMQ_ZAP_DOMAIN, long_);
    TU_OK(zmq_close(s));

    string_option(ctx, ZMQ_PLAIN_USERNAME);
    string_option(ctx, ZMQ_PLAIN_PASSWORD);

    TU_OK(zmq_ctx_term(ctx));
    printf("plain options: ok\n");
    return 0;
}
