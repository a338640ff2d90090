/* The GSSAPI options behave as zmq_has("gssapi") says.
 *
 * Without GSSAPI (zmq_has("gssapi") == 0, e.g. ferromq, or a libzmq built
 * without libgssapi_krb5): ZMQ_GSSAPI_SERVER, _PRINCIPAL,
 * _SERVICE_PRINCIPAL, _PLAINTEXT, _PRINCIPAL_NAMETYPE and
 * _SERVICE_PRINCIPAL_NAMETYPE give EINVAL on setsockopt and getsockopt,
 * and ZMQ_MECHANISM stays NULL.
 *
 * With GSSAPI (Debian's libzmq 4.3.4 links libgssapi_krb5, so
 * zmq_has("gssapi") == 1): GSSAPI_SERVER=1 sets ZMQ_MECHANISM to
 * ZMQ_GSSAPI (3) and reads back 1; GSSAPI_PRINCIPAL and
 * GSSAPI_SERVICE_PRINCIPAL take 1..255 bytes (0 or 256: EINVAL) and read
 * back with a NUL; GSSAPI_PLAINTEXT is a 0/1 int; the name types take
 * ZMQ_GSSAPI_NT_HOSTBASED (0), _USER_NAME (1), _KRB5_PRINCIPAL (2), and 3
 * is EINVAL; both default to HOSTBASED.  No handshake is attempted (it
 * would need a Kerberos realm).  The test prints which branch ran. */
#include "testutil.h"

static const int opts[] = {ZMQ_GSSAPI_SERVER, ZMQ_GSSAPI_PRINCIPAL,
                           ZMQ_GSSAPI_SERVICE_PRINCIPAL, ZMQ_GSSAPI_PLAINTEXT,
                           ZMQ_GSSAPI_PRINCIPAL_NAMETYPE,
                           ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE};

int main(void)
{
    void *ctx, *s;
    int has = zmq_has("gssapi"), one = 1;
    char buf[300];
    size_t len, i;
    TU_START();
    TU_ASSERT(has == 0 || has == 1);
    printf("zmq_has(\"gssapi\") = %d\n", has);
    ctx = tu_ctx();
    s = tu_socket(ctx, ZMQ_DEALER);

    if (!has) {
        for (i = 0; i < sizeof opts / sizeof opts[0]; i++) {
            int v = 0;
            len = sizeof v;
            TU_ERR(zmq_setsockopt(s, opts[i], &one, sizeof one), EINVAL);
            TU_ERR(zmq_setsockopt(s, opts[i], "name", 4), EINVAL);
            TU_ERR(zmq_getsockopt(s, opts[i], &v, &len), EINVAL);
        }
        TU_EQ_INT(tu_get_int(s, ZMQ_MECHANISM), ZMQ_NULL);
        printf("gssapi options: EINVAL (no GSSAPI): ok\n");
    } else {
        TU_EQ_INT(tu_get_int(s, ZMQ_GSSAPI_SERVER), 0);
        TU_EQ_INT(tu_get_int(s, ZMQ_GSSAPI_PLAINTEXT), 0);
        TU_EQ_INT(tu_get_int(s, ZMQ_GSSAPI_PRINCIPAL_NAMETYPE),
                  ZMQ_GSSAPI_NT_HOSTBASED);
        TU_EQ_INT(tu_get_int(s, ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE),
                  ZMQ_GSSAPI_NT_HOSTBASED);
        tu_set_int(s, ZMQ_GSSAPI_SERVER, 1);
        TU_EQ_INT(tu_get_int(s, ZMQ_GSSAPI_SERVER), 1);
        TU_EQ_INT(tu_get_int(s, ZMQ_MECHANISM), ZMQ_GSSAPI);
        TU_OK(zmq_setsockopt(s, ZMQ_GSSAPI_PRINCIPAL, "me@REALM", 8));
        len = sizeof buf;
        TU_OK(zmq_getsockopt(s, ZMQ_GSSAPI_PRINCIPAL, buf, &len));
        TU_EQ_INT(len, 9);
        TU_EQ_STR(buf, "me@REALM");
        TU_ERR(zmq_setsockopt(s, ZMQ_GSSAPI_PRINCIPAL, "x", 0), EINVAL);
        memset(buf, 'p', sizeof buf);
        TU_ERR(zmq_setsockopt(s, ZMQ_GSSAPI_PRINCIPAL, buf, 256), EINVAL);
        TU_OK(zmq_setsockopt(s, ZMQ_GSSAPI_SERVICE_PRINCIPAL, "svc", 3));
        len = sizeof buf;
        TU_OK(zmq_getsockopt(s, ZMQ_GSSAPI_SERVICE_PRINCIPAL, buf, &len));
        TU_EQ_STR(buf, "svc");
        TU_EQ_INT(tu_get_int(s, ZMQ_MECHANISM), ZMQ_GSSAPI);
        tu_set_int(s, ZMQ_GSSAPI_PLAINTEXT, 1);
        TU_EQ_INT(tu_get_int(s, ZMQ_GSSAPI_PLAINTEXT), 1);
        tu_set_int(s, ZMQ_GSSAPI_PRINCIPAL_NAMETYPE, ZMQ_GSSAPI_NT_USER_NAME);
        TU_EQ_INT(tu_get_int(s, ZMQ_GSSAPI_PRINCIPAL_NAMETYPE),
                  ZMQ_GSSAPI_NT_USER_NAME);
        tu_set_int(s, ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE,
                   ZMQ_GSSAPI_NT_KRB5_PRINCIPAL);
        TU_EQ_INT(tu_get_int(s, ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE),
                  ZMQ_GSSAPI_NT_KRB5_PRINCIPAL);
        {
            int three = 3;
            TU_ERR(zmq_setsockopt(s, ZMQ_GSSAPI_PRINCIPAL_NAMETYPE, &three,
                                  sizeof three), EINVAL);
            TU_ERR(zmq_setsockopt(s, ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE,
                                  &three, sizeof three), EINVAL);
        }
        printf("gssapi options: supported: ok\n");
    }

    TU_OK(zmq_close(s));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
