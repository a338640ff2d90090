/* ZMQ_USE_FD with tcp: zmq_bind listens on the application's own listening
 * socket instead of opening one.  The bind address is not used (here it
 * names the very port the descriptor holds, which a fresh bind could not
 * take: EADDRINUSE); ZMQ_LAST_ENDPOINT and the LISTENING event name where
 * the descriptor is bound, LISTENING carries the descriptor itself; peers
 * connect to its port; closing the socket closes the descriptor (libzmq
 * owns it from the bind on).  A socket without ZMQ_USE_FD is unaffected.
 * On ours only (libzmq aborts or misbehaves on these): a descriptor that
 * is not listening, or one another listener already uses, fails the bind
 * (EINVAL, EADDRINUSE) and stays the application's. */
#include "testutil.h"
#include "netutil.h"

int main(void)
{
    void *ctx, *pull, *push, *m, *other;
    char want[64], ep[256], buf[256];
    int fd, port;
    uint32_t v;
    TU_START();

    fd = nu_tcp_listen(&port);
    snprintf(want, sizeof want, "tcp://127.0.0.1:%d", port);

    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    push = tu_socket(ctx, ZMQ_PUSH);
    TU_EQ_INT(tu_get_int(pull, ZMQ_USE_FD), -1);
    tu_set_int(pull, ZMQ_USE_FD, fd);
    TU_EQ_INT(tu_get_int(pull, ZMQ_USE_FD), fd);
    m = nu_mon_start(ctx, pull, ZMQ_EVENT_LISTENING | ZMQ_EVENT_ACCEPTED);

    /* Without ZMQ_USE_FD this port is taken. */
    other = tu_socket(ctx, ZMQ_PULL);
    TU_ERR(zmq_bind(other, want), EADDRINUSE);

    TU_OK(zmq_bind(pull, want));
    tu_last_endpoint(pull, ep, sizeof ep);
    TU_EQ_STR(ep, want);
    v = nu_mon_expect(m, ZMQ_EVENT_LISTENING, want);
    TU_EQ_INT(v, fd);

    TU_OK(zmq_connect(push, want));
    tu_send_str(push, "through the adopted fd", 0);
    tu_recv_str(pull, "through the adopted fd", 0);
    nu_mon_expect(m, ZMQ_EVENT_ACCEPTED, want);

    if (tu_lib_is_ferromq()) {
        /* The same descriptor twice: refused, the first listener keeps
         * it.  A socket that is not listening: EINVAL, left open. */
        void *twice = tu_socket(ctx, ZMQ_PULL);
        int raw = socket(AF_INET, SOCK_STREAM, 0);
        tu_set_int(twice, ZMQ_USE_FD, fd);
        TU_ERR(zmq_bind(twice, "tcp://127.0.0.1:*"), EADDRINUSE);
        TU_ASSERT(raw >= 0);
        tu_set_int(twice, ZMQ_USE_FD, raw);
        TU_ERR(zmq_bind(twice, "tcp://127.0.0.1:*"), EINVAL);
        TU_ASSERT(nu_fd_open(raw));
        close(raw);
        TU_OK(zmq_close(twice));
        tu_send_str(push, "still there", 0);
        tu_recv_str(pull, "still there", 0);
    }

    /* A wildcard bind of a socket without the option is unaffected. */
    tu_bind_tcp(other, buf, sizeof buf);
    TU_ASSERT(strcmp(buf, want) != 0);

    TU_OK(zmq_close(m));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(other));
    TU_OK(zmq_ctx_term(ctx));
    /* The library owned the descriptor and closed it. */
    TU_ASSERT_MSG(!nu_fd_open(fd), "fd %d still open after close", fd);
    return 0;
}
