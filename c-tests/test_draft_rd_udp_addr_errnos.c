/* udp:// address errors, as libzmq 4.3.5 reports them from zmq_bind (DISH)
 * and zmq_connect (RADIO): a missing or bad port, a source part that is no
 * interface or address, a multicast source, a unicast target after `;`, an
 * IPv6 address without ZMQ_IPV6 (ENODEV to bind, EINVAL to connect), a
 * wildcard to connect to. A port is read with atoi and cut to 16 bits, as
 * libzmq's resolver does (70000 binds port 4464; 65536 is 0, EINVAL). */
#include "rd_util.h"

struct c { int bind; const char *ep; int err; };

int main(void)
{
    static const struct c cases[] = {
        {1, "udp://127.0.0.1", EINVAL},
        {1, "udp://127.0.0.1:", EINVAL},
        {1, "udp://127.0.0.1:x", EINVAL},
        {1, "udp://127.0.0.1:65536", EINVAL}, /* atoi cut to 16 bits: 0 */
        {1, "udp://nosuchif0;239.0.0.1:5555", ENODEV},
        {1, "udp://239.0.0.2;239.0.0.1:5555", EINVAL},
        {1, "udp://127.0.0.1;127.0.0.1:5555", EINVAL},
        {1, "udp://[::1]:5555", ENODEV},
        {0, "udp://127.0.0.1", EINVAL},
        {0, "udp://127.0.0.1:x", EINVAL},
        {0, "udp://*:5555", EINVAL},
        {0, "udp://[::1]:5555", EINVAL},
        {0, "udp://nosuchif0;239.0.0.1:5555", ENODEV},
    };
    size_t i;
    int bad = 0;
    void *ctx;
    TU_START();
    ctx = tu_ctx();
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        void *s = tu_socket(ctx, cases[i].bind ? ZMQ_DISH : ZMQ_RADIO);
        int rc = cases[i].bind ? zmq_bind(s, cases[i].ep) : zmq_connect(s, cases[i].ep);
        if (rc != -1 || zmq_errno() != cases[i].err) {
            fprintf(stderr, "%s %s: rc %d errno %d (%s), want %d\n",
                    cases[i].bind ? "bind" : "connect", cases[i].ep, rc, zmq_errno(),
                    zmq_strerror(zmq_errno()), cases[i].err);
            bad++;
        }
        TU_OK(zmq_close(s));
    }
    TU_EQ_INT(bad, 0);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
