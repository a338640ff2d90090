/* zmq_ctx_new / zmq_ctx_term: several contexts can coexist and are
 * independent (inproc names are per context); terminating an idle context
 * returns 0 promptly; a context with closed sockets terminates too. */
#include "testutil.h"

int main(void)
{
    void *c1, *c2, *s;
    int64_t t0;
    TU_START();

    c1 = zmq_ctx_new();
    c2 = zmq_ctx_new();
    TU_ASSERT(c1 != NULL && c2 != NULL && c1 != c2);

    s = zmq_socket(c1, ZMQ_PAIR);
    TU_ASSERT(s != NULL);
    TU_OK(zmq_bind(s, "tcp://127.0.0.1:*"));
    TU_OK(zmq_close(s));

    t0 = tu_now_ms();
    TU_EQ_INT(zmq_ctx_term(c2), 0);
    TU_EQ_INT(zmq_ctx_term(c1), 0);
    TU_ASSERT(tu_now_ms() - t0 < 2000);

    /* new contexts after old ones were terminated */
    c1 = zmq_ctx_new();
    TU_ASSERT(c1 != NULL);
    TU_EQ_INT(zmq_ctx_shutdown(c1), 0);
    TU_EQ_INT(zmq_ctx_term(c1), 0);
    return 0;
}
