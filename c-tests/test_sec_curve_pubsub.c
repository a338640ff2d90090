/* CURVE PUB/SUB over tcp and ipc, the publisher as CURVE server (bound),
 * keys from zmq_curve_keypair in Z85 and binary option forms; plus the
 * reverse roles (the SUB binds and is the CURVE server).
 *
 * libzmq 4.3.4: the subscription reaches the publisher through the
 * encrypted connection (proved by tu_sync_pubsub), then topic-filtered
 * single, multipart and 100 KB messages arrive intact; a non-matching
 * topic is not delivered. */
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

static void one_case(void *ctx, const char *transport, int binary,
                     int sub_is_server)
{
    void *pub, *sub, *srv, *cli;
    char ep[256];
    size_t big = 100 * 1024, i;
    char *buf = (char *)malloc(big), *got = (char *)malloc(big + 1);
    printf("%s, %s keys, %s is the CURVE server and binds\n", transport,
           binary ? "binary" : "Z85", sub_is_server ? "SUB" : "PUB");
    TU_ASSERT(buf && got);
    memcpy(buf, "news", 4);
    for (i = 4; i < big; i++)
        buf[i] = (char)(i * 13 + 1);

    pub = tu_socket(ctx, ZMQ_PUB);
    sub = tu_socket(ctx, ZMQ_SUB);
    srv = sub_is_server ? sub : pub;
    cli = sub_is_server ? pub : sub;
    tu_set_int(srv, ZMQ_CURVE_SERVER, 1);
    set_key(srv, ZMQ_CURVE_SECRETKEY, ssec, binary);
    set_key(cli, ZMQ_CURVE_SERVERKEY, spub, binary);
    set_key(cli, ZMQ_CURVE_PUBLICKEY, cpub, binary);
    set_key(cli, ZMQ_CURVE_SECRETKEY, csec, binary);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "news", 4));
    tu_bind_any(srv, transport, ep, sizeof ep);
    TU_OK(zmq_connect(cli, ep));

    tu_sync_pubsub(pub, sub, "news/sync");
    tu_send_str(pub, "other", 0);
    tu_send_str(pub, "news/1", 0);
    tu_send_str(pub, "news/2", ZMQ_SNDMORE);
    tu_send_str(pub, "part", 0);
    TU_EQ_INT(zmq_send(pub, buf, big, 0), (int)big);
    tu_send_str(pub, "news/end", 0);
    tu_recv_str(sub, "news/1", 0);
    tu_recv_str(sub, "news/2", 1);
    tu_recv_str(sub, "part", 0);
    TU_EQ_INT(zmq_recv(sub, got, big + 1, 0), (int)big);
    TU_ASSERT(memcmp(got, buf, big) == 0);
    tu_recv_str(sub, "news/end", 0);
    TU_EQ_INT(tu_drain(sub), 0);

    TU_OK(zmq_close(sub));
    TU_OK(zmq_close(pub));
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
    one_case(ctx, "tcp", 0, 0);
    one_case(ctx, "tcp", 1, 0);
    one_case(ctx, "ipc", 0, 0);
    one_case(ctx, "ipc", 1, 0);
    one_case(ctx, "tcp", 0, 1);
    one_case(ctx, "ipc", 1, 1);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
