/* CURVE REQ/REP over tcp and ipc with keys from zmq_curve_keypair, set in
 * both option forms: 40-character Z85 and 32-byte binary.
 *
 * libzmq 4.3.4: with the server's secret key and CURVE_SERVER=1 on the
 * REP, and the server's public key plus the client's own key pair on the
 * REQ, requests and replies flow: single frames, multipart messages
 * (including an empty frame) and a 100 KB message, each way, in order.
 * No ZAP handler is bound (Stonehouse: encryption, no authentication). */
#include "testutil.h"

static char spub[41], ssec[41], cpub[41], csec[41];

static void set_key(void *s, int opt, const char *z85, int binary)
{
    if (binary) {
        uint8_t bin[32];
        TU_ASSERT(zmq_z85_decode(bin, z85) == bin);
        TU_OK(zmq_setsockopt(s, opt, bin, 32));
    } else {
        TU_OK(zmq_setsockopt(s, opt, z85, 40));
    }
}

static void one_case(void *ctx, const char *transport, int binary)
{
    void *rep, *req;
    char ep[256];
    size_t big = 100 * 1024, i;
    char *buf = (char *)malloc(big), *got = (char *)malloc(big + 1);
    printf("%s, %s keys\n", transport, binary ? "binary" : "Z85");
    TU_ASSERT(buf && got);
    for (i = 0; i < big; i++)
        buf[i] = (char)(i * 7 + 3);

    rep = tu_socket(ctx, ZMQ_REP);
    tu_set_int(rep, ZMQ_CURVE_SERVER, 1);
    set_key(rep, ZMQ_CURVE_SECRETKEY, ssec, binary);
    req = tu_socket(ctx, ZMQ_REQ);
    set_key(req, ZMQ_CURVE_SERVERKEY, spub, binary);
    set_key(req, ZMQ_CURVE_PUBLICKEY, cpub, binary);
    set_key(req, ZMQ_CURVE_SECRETKEY, csec, binary);
    tu_bind_any(rep, transport, ep, sizeof ep);
    TU_OK(zmq_connect(req, ep));

    tu_send_str(req, "hello", 0);
    tu_recv_str(rep, "hello", 0);
    tu_send_str(rep, "world", 0);
    tu_recv_str(req, "world", 0);

    tu_send_str(req, "a", ZMQ_SNDMORE);
    TU_EQ_INT(zmq_send(req, "", 0, ZMQ_SNDMORE), 0);
    tu_send_str(req, "c", 0);
    tu_recv_str(rep, "a", 1);
    tu_recv_str(rep, "", 1);
    tu_recv_str(rep, "c", 0);
    tu_send_str(rep, "x", ZMQ_SNDMORE);
    tu_send_str(rep, "y", 0);
    tu_recv_str(req, "x", 1);
    tu_recv_str(req, "y", 0);

    TU_EQ_INT(zmq_send(req, buf, big, 0), (int)big);
    TU_EQ_INT(zmq_recv(rep, got, big + 1, 0), (int)big);
    TU_ASSERT(memcmp(got, buf, big) == 0);
    TU_EQ_INT(zmq_send(rep, buf, big, 0), (int)big);
    memset(got, 0, big);
    TU_EQ_INT(zmq_recv(req, got, big + 1, 0), (int)big);
    TU_ASSERT(memcmp(got, buf, big) == 0);

    TU_OK(zmq_close(req));
    TU_OK(zmq_close(rep));
    free(buf);
    free(got);
}

int main(void)
{
    void *ctx;
    TU_START();
    TU_OK(zmq_curve_keypair(spub, ssec));
    TU_OK(zmq_curve_keypair(cpub, csec));
    ctx = tu_ctx();
    one_case(ctx, "tcp", 0);
    one_case(ctx, "tcp", 1);
    one_case(ctx, "ipc", 0);
    one_case(ctx, "ipc", 1);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
