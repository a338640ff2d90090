/* wss:// (ZWS 2.0 over TLS) with the ZMQ_WSS_* options. The certificates
 * are made at test time with the openssl CLI: a CA and a server
 * certificate for "localhost" signed by it (plus an unrelated CA).
 *   - ZMQ_WSS_CERT_PEM/KEY_PEM on the binding REP, ZMQ_WSS_TRUST_PEM (the
 *     CA) and ZMQ_WSS_HOSTNAME "localhost" on the connecting REQ: messages
 *     flow; ZMQ_LAST_ENDPOINT is wss://127.0.0.1:PORT/PATH; both ends
 *     report HANDSHAKE_SUCCEEDED.
 *   - the options are set-only: getsockopt gives EINVAL.
 *   - verification fails closed: a client trusting nothing, one trusting
 *     another CA, and one expecting another host name never get a
 *     message through, and report HANDSHAKE_FAILED_NO_DETAIL.
 *   - a self-signed CA certificate (CA:TRUE, for "localhost") as the
 *     server's own, trusted as is by the client (libzmq's own wss test
 *     setup): messages flow; with another host name, or trusting only the
 *     other CA, the client is refused.
 *   - ours: zmq_has("WSS") is 1; binding wss without a certificate is
 *     EINVAL (libzmq asserts).
 * On a reference libzmq without wss (zmq_has("WSS") 0) the test skips. */
#include "testutil.h"
#include <sys/stat.h>
#include <unistd.h>

static char dir_[256];

static void sh(const char *fmt, const char *arg)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, fmt, arg, arg, arg, arg, arg, arg, arg, arg);
    TU_ASSERT_MSG(system(cmd) == 0, "command failed: %s", cmd);
}

static char *slurp(const char *name)
{
    char path[512];
    FILE *f;
    long n;
    char *buf;
    snprintf(path, sizeof path, "%s/%s", dir_, name);
    f = fopen(path, "rb");
    TU_ASSERT_MSG(f != NULL, "open %s", path);
    TU_OK(fseek(f, 0, SEEK_END));
    n = ftell(f);
    TU_OK(fseek(f, 0, SEEK_SET));
    buf = (char *)malloc((size_t)n + 1);
    TU_ASSERT(buf != NULL);
    TU_EQ_INT((long)fread(buf, 1, (size_t)n, f), n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void make_certs(void)
{
    snprintf(dir_, sizeof dir_, "/tmp/ferromq-wss-XXXXXX");
    TU_ASSERT(mkdtemp(dir_) != NULL);
    sh("cd %s && openssl req -x509 -newkey rsa:2048 -nodes -days 2 "
       "-subj /CN=test-ca -keyout ca.key -out ca.pem 2>/dev/null && "
       "openssl req -x509 -newkey rsa:2048 -nodes -days 2 "
       "-subj /CN=other-ca -keyout other.key -out other.pem 2>/dev/null && "
       "openssl req -newkey rsa:2048 -nodes -subj /CN=localhost "
       "-keyout server.key -out server.csr 2>/dev/null && "
       "printf 'subjectAltName=DNS:localhost\\nbasicConstraints=CA:FALSE\\n' "
       "> ext.cnf && openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key "
       "-CAcreateserial -days 2 -extfile ext.cnf -out server.pem 2>/dev/null && "
       "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost "
       "-addext subjectAltName=DNS:localhost "
       "-addext basicConstraints=critical,CA:TRUE "
       "-keyout self.key -out self.pem 2>/dev/null",
       dir_);
}

static void *mon_start(void *ctx, void *s)
{
    char ep[256];
    void *m;
    tu_inproc_endpoint(ep, sizeof ep);
    TU_OK(zmq_socket_monitor(s, ep, ZMQ_EVENT_HANDSHAKE_SUCCEEDED |
                                        ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL |
                                        ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL));
    m = tu_socket(ctx, ZMQ_PAIR);
    TU_OK(zmq_connect(m, ep));
    return m;
}

static int mon_next(void *m)
{
    zmq_msg_t f;
    uint16_t ev;
    TU_OK(zmq_msg_init(&f));
    if (zmq_msg_recv(&f, m, 0) < 0) {
        TU_OK(zmq_msg_close(&f));
        return -1;
    }
    memcpy(&ev, zmq_msg_data(&f), 2);
    TU_ASSERT(zmq_msg_recv(&f, m, 0) >= 0);
    TU_OK(zmq_msg_close(&f));
    return ev;
}

/* A client that must not get through: with `trust` (NULL: none) and
 * `hostname`; its monitor reports a failed handshake. */
static void refused(void *ctx, const char *ep, const char *trust,
                    const char *hostname)
{
    void *req = tu_socket(ctx, ZMQ_DEALER);
    void *m = mon_start(ctx, req);
    char buf[16];
    int ev;
    if (trust)
        TU_OK(zmq_setsockopt(req, ZMQ_WSS_TRUST_PEM, trust, strlen(trust)));
    TU_OK(zmq_setsockopt(req, ZMQ_WSS_HOSTNAME, hostname, strlen(hostname)));
    TU_OK(zmq_connect(req, ep));
    TU_EQ_INT(zmq_send(req, "x", 1, 0), 1);
    ev = mon_next(m);
    TU_ASSERT_MSG(ev == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL,
                  "event 0x%x, expected a failed handshake", ev);
    tu_set_int(req, ZMQ_RCVTIMEO, 100);
    TU_ERR(zmq_recv(req, buf, sizeof buf, 0), EAGAIN);
    TU_OK(zmq_socket_monitor(req, NULL, 0));
    TU_OK(zmq_close(m));
    TU_OK(zmq_close(req));
}

int main(void)
{
    void *ctx, *rep, *req, *ms, *mc, *bad;
    char ep[256], buf[4096];
    size_t len = sizeof buf;
    char *ca, *other, *cert, *key, *self_cert, *self_key;
    TU_START();

    /* A reference libzmq built without GnuTLS has no wss: nothing to
     * compare there (ours must have it). */
    if (!tu_lib_is_ferromq() && !zmq_has("WSS")) {
        printf("skip: %s has no wss\n", tu_lib_name());
        return 0;
    }
    make_certs();
    ca = slurp("ca.pem");
    other = slurp("other.pem");
    cert = slurp("server.pem");
    key = slurp("server.key");
    self_cert = slurp("self.pem");
    self_key = slurp("self.key");
    sh("rm -rf %s", dir_);

    ctx = tu_ctx();
    if (tu_lib_is_ferromq()) {
        TU_EQ_INT(zmq_has("WSS"), 1);
        bad = tu_socket(ctx, ZMQ_REP);
        TU_ERR(zmq_bind(bad, "wss://127.0.0.1:*"), EINVAL);
        TU_OK(zmq_setsockopt(bad, ZMQ_WSS_CERT_PEM, "junk", 4));
        TU_OK(zmq_setsockopt(bad, ZMQ_WSS_KEY_PEM, "junk", 4));
        TU_ERR(zmq_bind(bad, "wss://127.0.0.1:*"), EINVAL);
        TU_OK(zmq_close(bad));
    }

    rep = tu_socket(ctx, ZMQ_REP);
    TU_OK(zmq_setsockopt(rep, ZMQ_WSS_CERT_PEM, cert, strlen(cert)));
    TU_OK(zmq_setsockopt(rep, ZMQ_WSS_KEY_PEM, key, strlen(key)));
    TU_ERR(zmq_getsockopt(rep, ZMQ_WSS_CERT_PEM, buf, &len), EINVAL);
    ms = mon_start(ctx, rep);
    TU_OK(zmq_bind(rep, "wss://127.0.0.1:*/secure"));
    tu_last_endpoint(rep, ep, sizeof ep);
    TU_ASSERT_MSG(strncmp(ep, "wss://127.0.0.1:", 16) == 0 &&
                      strcmp(ep + strlen(ep) - 7, "/secure") == 0,
                  "last endpoint %s", ep);

    req = tu_socket(ctx, ZMQ_REQ);
    TU_OK(zmq_setsockopt(req, ZMQ_WSS_TRUST_PEM, ca, strlen(ca)));
    TU_OK(zmq_setsockopt(req, ZMQ_WSS_HOSTNAME, "localhost", 9));
    TU_ERR(zmq_setsockopt(req, ZMQ_WSS_TRUST_SYSTEM, "x", 1), EINVAL);
    len = sizeof buf;
    TU_ERR(zmq_getsockopt(req, ZMQ_WSS_HOSTNAME, buf, &len), EINVAL);
    mc = mon_start(ctx, req);
    TU_OK(zmq_connect(req, ep));
    tu_send_str(req, "hello", 0);
    tu_recv_str(rep, "hello", 0);
    tu_send_str(rep, "world", 0);
    tu_recv_str(req, "world", 0);
    TU_EQ_INT(mon_next(mc), ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    TU_EQ_INT(mon_next(ms), ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    TU_OK(zmq_socket_monitor(req, NULL, 0));
    TU_OK(zmq_close(mc));
    TU_OK(zmq_close(req));

    refused(ctx, ep, NULL, "localhost");
    refused(ctx, ep, other, "localhost");
    refused(ctx, ep, ca, "not-localhost");

    TU_OK(zmq_socket_monitor(rep, NULL, 0));
    TU_OK(zmq_close(ms));
    TU_OK(zmq_close(rep));

    /* the self-signed CA certificate as the server's own */
    rep = tu_socket(ctx, ZMQ_REP);
    TU_OK(zmq_setsockopt(rep, ZMQ_WSS_CERT_PEM, self_cert, strlen(self_cert)));
    TU_OK(zmq_setsockopt(rep, ZMQ_WSS_KEY_PEM, self_key, strlen(self_key)));
    TU_OK(zmq_bind(rep, "wss://127.0.0.1:*/self"));
    tu_last_endpoint(rep, ep, sizeof ep);
    req = tu_socket(ctx, ZMQ_REQ);
    TU_OK(zmq_setsockopt(req, ZMQ_WSS_TRUST_PEM, self_cert, strlen(self_cert)));
    TU_OK(zmq_setsockopt(req, ZMQ_WSS_HOSTNAME, "localhost", 9));
    TU_OK(zmq_connect(req, ep));
    tu_send_str(req, "hello", 0);
    tu_recv_str(rep, "hello", 0);
    tu_send_str(rep, "world", 0);
    tu_recv_str(req, "world", 0);
    TU_OK(zmq_close(req));
    refused(ctx, ep, self_cert, "not-localhost");
    refused(ctx, ep, other, "localhost");
    TU_OK(zmq_close(rep));

    TU_OK(zmq_ctx_term(ctx));
    free(self_cert);
    free(self_key);
    free(ca);
    free(other);
    free(cert);
    free(key);
    printf("ok %s\n", tu_lib_name());
    return 0;
}
