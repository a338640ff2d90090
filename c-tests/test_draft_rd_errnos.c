/* RADIO/DISH/DGRAM errnos as libzmq gives them: zmq_join/zmq_leave on a
 * non-DISH is ENOTSUP; a group over 255 bytes, a second join, a leave of a
 * group not joined are EINVAL; 255 bytes is fine; DISH send and RADIO recv
 * are ENOTSUP; RADIO multipart is EINVAL; ZMQ_XPUB_NODROP is a RADIO
 * option (an int >= 0); udp:// only for RADIO (connect), DISH and DGRAM
 * (bind), others ENOCOMPATPROTO; DGRAM send needs address+MORE then body. */
#include "rd_util.h"

int main(void)
{
    char g[300];
    char ep[64];
    void *ctx, *radio, *dish, *pub, *dgram;
    int i;
    TU_START();
    ctx = tu_ctx();
    radio = tu_socket(ctx, ZMQ_RADIO);
    dish = tu_socket(ctx, ZMQ_DISH);
    pub = tu_socket(ctx, ZMQ_PUB);
    dgram = tu_socket(ctx, ZMQ_DGRAM);

    TU_ERR(zmq_join(radio, "a"), ENOTSUP);
    TU_ERR(zmq_leave(radio, "a"), ENOTSUP);
    TU_ERR(zmq_join(pub, "a"), ENOTSUP);
    TU_ERR(zmq_join(dgram, "a"), ENOTSUP);

    memset(g, 'g', sizeof g);
    g[256] = '\0';
    TU_ERR(zmq_join(dish, g), EINVAL);
    TU_ERR(zmq_leave(dish, g), EINVAL);
    g[255] = '\0';
    TU_OK(zmq_join(dish, g));
    TU_OK(zmq_leave(dish, g));
    TU_OK(zmq_join(dish, "x"));
    TU_ERR(zmq_join(dish, "x"), EINVAL);
    TU_OK(zmq_leave(dish, "x"));
    TU_ERR(zmq_leave(dish, "x"), EINVAL);
    TU_ERR(zmq_leave(dish, "never"), EINVAL);

    /* directions */
    TU_ERR(zmq_send(dish, "x", 1, ZMQ_DONTWAIT), ENOTSUP);
    {
        char b[4];
        TU_ERR(zmq_recv(radio, b, sizeof b, ZMQ_DONTWAIT), ENOTSUP);
    }
    TU_ERR(zmq_send(radio, "x", 1, ZMQ_SNDMORE), EINVAL);
    /* no peer: the message is dropped, the send succeeds */
    TU_EQ_INT(zmq_send(radio, "x", 1, 0), 1);

    /* XPUB_NODROP on RADIO */
    i = 1;
    TU_OK(zmq_setsockopt(radio, ZMQ_XPUB_NODROP, &i, sizeof i));
    i = -1;
    TU_ERR(zmq_setsockopt(radio, ZMQ_XPUB_NODROP, &i, sizeof i), EINVAL);
    TU_ERR(zmq_setsockopt(radio, ZMQ_XPUB_NODROP, &i, 2), EINVAL);

    /* udp: which types and which direction */
    snprintf(ep, sizeof ep, "udp://127.0.0.1:%d", rd_free_udp_port());
    TU_ERR(zmq_bind(pub, ep), ENOCOMPATPROTO);
    TU_ERR(zmq_connect(pub, ep), ENOCOMPATPROTO);
    TU_ERR(zmq_bind(radio, ep), ENOCOMPATPROTO);
    TU_ERR(zmq_connect(dish, ep), ENOCOMPATPROTO);
    TU_ERR(zmq_connect(dgram, ep), ENOCOMPATPROTO);
    {
        void *req = tu_socket(ctx, ZMQ_REQ);
        TU_ERR(zmq_bind(req, ep), ENOCOMPATPROTO);
        TU_OK(zmq_close(req));
    }
    /* malformed udp addresses */
    TU_ERR(zmq_connect(radio, "udp://127.0.0.1"), EINVAL);
    TU_ERR(zmq_connect(radio, "udp://127.0.0.1:abc"), EINVAL);
    /* an interface part needs a multicast target */
    TU_ERR(zmq_bind(dish, "udp://127.0.0.1;127.0.0.1:5555"), EINVAL);

    /* DGRAM: first frame needs MORE, second must not have it */
    TU_OK(zmq_bind(dgram, ep));
    TU_ERR(zmq_send(dgram, "body", 4, 0), EINVAL);
    TU_EQ_INT(zmq_send(dgram, "127.0.0.1:9", 11, ZMQ_SNDMORE), 11);
    TU_ERR(zmq_send(dgram, "x", 1, ZMQ_SNDMORE), EINVAL);
    TU_EQ_INT(zmq_send(dgram, "x", 1, 0), 1);

    TU_OK(zmq_close(radio));
    TU_OK(zmq_close(dish));
    TU_OK(zmq_close(pub));
    TU_OK(zmq_close(dgram));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
