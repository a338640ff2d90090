/* Integer options read back what was set: SNDHWM, RCVHWM (0 = no limit),
 * LINGER (-1, 0, N), SNDTIMEO and RCVTIMEO (-1, 0, N), RECONNECT_IVL
 * (-1 = never, N); out-of-range values give EINVAL and keep the old value. */
#include "testutil.h"

struct rt {
    int opt;
    int vals[4];
    int nvals;
    int bad;
};

int main(void)
{
    void *ctx, *s;
    static const struct rt cases[] = {
        { ZMQ_SNDHWM, { 0, 1, 5000, 1000 }, 4, -1 },
        { ZMQ_RCVHWM, { 0, 1, 5000, 1000 }, 4, -1 },
        { ZMQ_LINGER, { -1, 0, 250, 30000 }, 4, -2 },
        { ZMQ_SNDTIMEO, { -1, 0, 1, 60000 }, 4, -2 },
        { ZMQ_RCVTIMEO, { -1, 0, 1, 60000 }, 4, -2 },
        { ZMQ_RECONNECT_IVL, { -1, 0, 10, 5000 }, 4, -2 },
    };
    size_t i;
    int j;
    TU_START();

    ctx = tu_ctx();
    s = zmq_socket(ctx, ZMQ_DEALER);
    TU_ASSERT(s != NULL);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int last = 0;
        for (j = 0; j < cases[i].nvals; j++) {
            tu_set_int(s, cases[i].opt, cases[i].vals[j]);
            TU_EQ_INT(tu_get_int(s, cases[i].opt), cases[i].vals[j]);
            last = cases[i].vals[j];
        }
        TU_ERR(zmq_setsockopt(s, cases[i].opt, &cases[i].bad, sizeof(int)),
               EINVAL);
        TU_EQ_INT(tu_get_int(s, cases[i].opt), last);
    }
    tu_set_int(s, ZMQ_LINGER, 0);
    TU_OK(zmq_close(s));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
