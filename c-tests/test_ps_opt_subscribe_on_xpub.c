/* ZMQ_SUBSCRIBE / ZMQ_UNSUBSCRIBE on an XPUB (or PUB) are rejected with
 * EINVAL unless ZMQ_XPUB_MANUAL is on; in manual mode they are accepted
 * even before any subscription has been read (they then do nothing), and
 * any topic size, including empty, is fine.  ZMQ_SUBSCRIBE cannot be read
 * back with getsockopt on a SUB (EINVAL). */
#include "testutil.h"

int main(void)
{
    void *ctx, *xpub, *pub, *sub;
    char buf[16];
    size_t len = sizeof buf;
    TU_START();

    ctx = tu_ctx();
    xpub = tu_socket(ctx, ZMQ_XPUB);
    pub = tu_socket(ctx, ZMQ_PUB);
    sub = tu_socket(ctx, ZMQ_SUB);

    TU_ERR(zmq_setsockopt(xpub, ZMQ_SUBSCRIBE, "a", 1), EINVAL);
    TU_ERR(zmq_setsockopt(xpub, ZMQ_UNSUBSCRIBE, "a", 1), EINVAL);
    TU_ERR(zmq_setsockopt(pub, ZMQ_SUBSCRIBE, "a", 1), EINVAL);

    tu_set_int(xpub, ZMQ_XPUB_MANUAL, 1);
    TU_OK(zmq_setsockopt(xpub, ZMQ_SUBSCRIBE, "a", 1));
    TU_OK(zmq_setsockopt(xpub, ZMQ_SUBSCRIBE, "", 0));
    TU_OK(zmq_setsockopt(xpub, ZMQ_UNSUBSCRIBE, "a", 1));
    TU_OK(zmq_setsockopt(xpub, ZMQ_UNSUBSCRIBE, "never", 5));
    tu_set_int(pub, ZMQ_XPUB_MANUAL, 1);
    TU_OK(zmq_setsockopt(pub, ZMQ_SUBSCRIBE, "a", 1));

    /* manual off again: rejected again */
    tu_set_int(xpub, ZMQ_XPUB_MANUAL, 0);
    TU_ERR(zmq_setsockopt(xpub, ZMQ_SUBSCRIBE, "a", 1), EINVAL);

    TU_ERR(zmq_getsockopt(sub, ZMQ_SUBSCRIBE, buf, &len), EINVAL);
    len = sizeof buf;
    TU_ERR(zmq_getsockopt(sub, ZMQ_UNSUBSCRIBE, buf, &len), EINVAL);

    TU_OK(zmq_close(xpub));
    TU_OK(zmq_close(pub));
    TU_OK(zmq_close(sub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
