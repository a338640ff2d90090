/* zmq_close + zmq_ctx_term are not held up by a connection stuck in its
 * handshake (ZMQ_LINGER -1, HANDSHAKE_IVL at its 30 s default), whether
 * the socket accepted it (a raw tcp peer that never sends its greeting)
 * or made it (a raw listener that never speaks): libzmq ends such a
 * connection when its socket closes; ferromq gives a handshake under way
 * 200 ms to finish (so that a live peer's HANDSHAKE_SUCCEEDED is
 * reported), then ends it. */
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

int main(void)
{
    void *ctx, *srv, *m;
    char ep[256], mep[256];
    struct sockaddr_in a;
    int fd, linger = -1;
    int64_t t0, took;
    zmq_msg_t f;
    TU_START();
    ctx = tu_ctx();
    srv = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(srv, ZMQ_LINGER, &linger, sizeof linger));
    tu_inproc_endpoint(mep, sizeof mep);
    TU_OK(zmq_socket_monitor(srv, mep, ZMQ_EVENT_ACCEPTED));
    m = tu_socket(ctx, ZMQ_PAIR);
    TU_OK(zmq_connect(m, mep));
    tu_bind_any(srv, "tcp", ep, sizeof ep);

    fd = socket(AF_INET, SOCK_STREAM, 0);
    TU_ASSERT(fd >= 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)tu_tcp_port(ep));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    TU_ASSERT(connect(fd, (struct sockaddr *)&a, sizeof a) == 0);
    TU_OK(zmq_msg_init(&f));
    TU_ASSERT(zmq_msg_recv(&f, m, 0) == 6); /* ACCEPTED */
    TU_ASSERT(zmq_msg_recv(&f, m, 0) >= 0);
    TU_OK(zmq_msg_close(&f));

    t0 = tu_now_ms();
    TU_OK(zmq_close(srv));
    TU_OK(zmq_close(m));
    TU_OK(zmq_ctx_term(ctx));
    took = tu_now_ms() - t0;
    printf("bind side: close + ctx_term took %lld ms\n", (long long)took);
    TU_ASSERT_MSG(took < 5000, "took %lld ms", (long long)took);
    close(fd);

    {
        /* the connect side, against a raw listener that never speaks */
        void *cli;
        int lfd;
        socklen_t al = sizeof a;
        char cep[64];
        lfd = socket(AF_INET, SOCK_STREAM, 0);
        TU_ASSERT(lfd >= 0);
        memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        TU_ASSERT(bind(lfd, (struct sockaddr *)&a, sizeof a) == 0);
        TU_ASSERT(listen(lfd, 4) == 0);
        TU_ASSERT(getsockname(lfd, (struct sockaddr *)&a, &al) == 0);
        snprintf(cep, sizeof cep, "tcp://127.0.0.1:%d", ntohs(a.sin_port));
        ctx = tu_ctx();
        cli = tu_socket(ctx, ZMQ_DEALER);
        TU_OK(zmq_setsockopt(cli, ZMQ_LINGER, &linger, sizeof linger));
        TU_OK(zmq_connect(cli, cep));
        fd = accept(lfd, NULL, NULL);
        TU_ASSERT(fd >= 0);
        tu_sleep_ms(50);
        t0 = tu_now_ms();
        TU_OK(zmq_close(cli));
        TU_OK(zmq_ctx_term(ctx));
        took = tu_now_ms() - t0;
        printf("connect side: close + ctx_term took %lld ms\n",
               (long long)took);
        TU_ASSERT_MSG(took < 5000, "took %lld ms", (long long)took);
        close(fd);
        close(lfd);
    }
    return 0;
}
