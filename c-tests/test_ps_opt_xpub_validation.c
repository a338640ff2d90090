/* Validation of the XPUB options ZMQ_XPUB_VERBOSE, ZMQ_XPUB_VERBOSER,
 * ZMQ_XPUB_NODROP, ZMQ_XPUB_MANUAL and ZMQ_XPUB_MANUAL_LAST_VALUE: an int
 * of exactly sizeof(int), >= 0 (any positive value is accepted), else
 * EINVAL; they are set-only, so getsockopt gives EINVAL; PUB accepts them
 * (it is an XPUB), other types (SUB, XSUB, PUSH, DEALER, STREAM) reject
 * them with EINVAL.  ZMQ_XPUB_WELCOME_MSG takes any binary value (or
 * NULL/0) on XPUB and PUB, EINVAL elsewhere. */
#include "testutil.h"

#ifndef ZMQ_XPUB_MANUAL_LAST_VALUE
#define ZMQ_XPUB_MANUAL_LAST_VALUE 98
#endif

int main(void)
{
    static const int opts[] = { ZMQ_XPUB_VERBOSE, ZMQ_XPUB_VERBOSER,
                                ZMQ_XPUB_NODROP, ZMQ_XPUB_MANUAL,
                                ZMQ_XPUB_MANUAL_LAST_VALUE };
    static const int others[] = { ZMQ_SUB, ZMQ_XSUB, ZMQ_PUSH, ZMQ_DEALER,
                                  ZMQ_STREAM };
    void *ctx, *s;
    size_t i, j;
    int v;
    TU_START();

    ctx = tu_ctx();
    for (j = 0; j < 2; j++) {
        s = tu_socket(ctx, j == 0 ? ZMQ_XPUB : ZMQ_PUB);
        for (i = 0; i < sizeof opts / sizeof opts[0]; i++) {
            int64_t big = 1;
            short small = 1;
            int got;
            size_t len = sizeof got;
            v = 1;
            TU_OK(zmq_setsockopt(s, opts[i], &v, sizeof v));
            v = 0;
            TU_OK(zmq_setsockopt(s, opts[i], &v, sizeof v));
            v = 7;
            TU_OK(zmq_setsockopt(s, opts[i], &v, sizeof v));
            v = -1;
            TU_ERR(zmq_setsockopt(s, opts[i], &v, sizeof v), EINVAL);
            TU_ERR(zmq_setsockopt(s, opts[i], &big, sizeof big), EINVAL);
            TU_ERR(zmq_setsockopt(s, opts[i], &small, sizeof small), EINVAL);
            TU_ERR(zmq_getsockopt(s, opts[i], &got, &len), EINVAL);
            v = 0;
            TU_OK(zmq_setsockopt(s, opts[i], &v, sizeof v));
        }
        TU_OK(zmq_setsockopt(s, ZMQ_XPUB_WELCOME_MSG, "hi", 2));
        TU_OK(zmq_setsockopt(s, ZMQ_XPUB_WELCOME_MSG, "\0\1\2", 3));
        TU_OK(zmq_setsockopt(s, ZMQ_XPUB_WELCOME_MSG, NULL, 0));
        {
            char buf[16];
            size_t len = sizeof buf;
            TU_ERR(zmq_getsockopt(s, ZMQ_XPUB_WELCOME_MSG, buf, &len),
                   EINVAL);
        }
        TU_OK(zmq_close(s));
    }

    for (j = 0; j < sizeof others / sizeof others[0]; j++) {
        s = tu_socket(ctx, others[j]);
        for (i = 0; i < sizeof opts / sizeof opts[0]; i++) {
            v = 1;
            TU_ERR(zmq_setsockopt(s, opts[i], &v, sizeof v), EINVAL);
        }
        TU_ERR(zmq_setsockopt(s, ZMQ_XPUB_WELCOME_MSG, "hi", 2), EINVAL);
        TU_OK(zmq_close(s));
    }

    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
