/* ZMQ_RECONNECT_STOP flags each take effect (tcp and ipc connects):
 *   CONN_REFUSED (0x1): a tcp connect refused by the peer is not retried
 *     (CLOSED, then no CONNECT_RETRIED); without it, it is retried.
 *   HANDSHAKE_FAILED (0x2): a connection lost during the handshake (a
 *     non-ZMTP peer hanging up) is not made again; without it, it is.
 *   AFTER_DISCONNECT (0x4): once the socket had a zmq_disconnect, an ipc
 *     connect that is refused stops being retried.
 * Absence is checked over windows far longer than the 20 ms retry
 * interval. */
#include "testutil.h"
#include "netutil.h"
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

/* Counts `event` for endpoint `ep` (NULL: any) seen within ms. */
static int count_events(void *m, int event, const char *ep, int ms)
{
    int n = 0;
    int64_t end = tu_now_ms() + ms;
    for (;;) {
        zmq_msg_t f;
        uint16_t ev;
        char got[256];
        int64_t left = end - tu_now_ms();
        if (left <= 0)
            break;
        tu_set_int(m, ZMQ_RCVTIMEO, (int)left);
        TU_OK(zmq_msg_init(&f));
        if (zmq_msg_recv(&f, m, 0) < 0) {
            TU_OK(zmq_msg_close(&f));
            break;
        }
        memcpy(&ev, zmq_msg_data(&f), 2);
        TU_ASSERT(zmq_msg_recv(&f, m, 0) >= 0);
        TU_ASSERT(zmq_msg_size(&f) < sizeof got);
        memcpy(got, zmq_msg_data(&f), zmq_msg_size(&f));
        got[zmq_msg_size(&f)] = '\0';
        TU_OK(zmq_msg_close(&f));
        if (ev == event && (!ep || strcmp(ep, got) == 0))
            n++;
    }
    return n;
}

static void conn_refused(void *ctx, int stop)
{
    char ep[256];
    void *d = tu_socket(ctx, ZMQ_DEALER);
    void *m = nu_mon_start(ctx, d, ZMQ_EVENT_ALL);
    tu_free_tcp_endpoint(ep, sizeof ep);
    tu_set_int(d, ZMQ_RECONNECT_IVL, 20);
    if (stop)
        tu_set_int(d, ZMQ_RECONNECT_STOP, ZMQ_RECONNECT_STOP_CONN_REFUSED);
    TU_OK(zmq_connect(d, ep));
    if (stop)
        TU_EQ_INT(count_events(m, ZMQ_EVENT_CONNECT_RETRIED, NULL, 600), 0);
    else
        TU_ASSERT(count_events(m, ZMQ_EVENT_CONNECT_RETRIED, NULL, 600) > 0);
    TU_OK(zmq_close(d));
    TU_OK(zmq_close(m));
}

/* A plain tcp listener on 127.0.0.1; its port into *port. */
static int raw_listener(int *port)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    TU_ASSERT(fd >= 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    TU_OK(bind(fd, (struct sockaddr *)&a, sizeof a));
    TU_OK(listen(fd, 16));
    TU_OK(getsockname(fd, (struct sockaddr *)&a, &len));
    *port = ntohs(a.sin_port);
    return fd;
}

/* Accepts a connection within ms and hangs up at once: 1, or 0. */
static int accept_and_close(int lfd, int ms)
{
    struct pollfd p;
    int c;
    p.fd = lfd;
    p.events = POLLIN;
    if (poll(&p, 1, ms) != 1)
        return 0;
    c = accept(lfd, NULL, NULL);
    TU_ASSERT(c >= 0);
    close(c);
    return 1;
}

static void handshake_failed(void *ctx, int stop)
{
    char ep[256];
    int port;
    int lfd = raw_listener(&port);
    void *d = tu_socket(ctx, ZMQ_DEALER);
    snprintf(ep, sizeof ep, "tcp://127.0.0.1:%d", port);
    tu_set_int(d, ZMQ_RECONNECT_IVL, 20);
    if (stop)
        tu_set_int(d, ZMQ_RECONNECT_STOP, ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED);
    TU_OK(zmq_connect(d, ep));
    TU_EQ_INT(accept_and_close(lfd, TU_TIMEOUT_MS), 1);
    if (stop)
        TU_EQ_INT(accept_and_close(lfd, 600), 0);
    else
        TU_EQ_INT(accept_and_close(lfd, TU_TIMEOUT_MS), 1);
    TU_OK(zmq_close(d));
    close(lfd);
}

static void after_disconnect(void *ctx, int stop)
{
    char path[108], ep[256], other[256];
    struct sockaddr_un a;
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    void *d = tu_socket(ctx, ZMQ_DEALER);
    void *m = nu_mon_start(ctx, d, ZMQ_EVENT_ALL);
    /* a unix socket bound but not listening: connects are refused */
    tu_ipc_path(path, sizeof path);
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    strcpy(a.sun_path, path);
    TU_OK(bind(fd, (struct sockaddr *)&a, sizeof a));
    snprintf(ep, sizeof ep, "ipc://%s", path);
    tu_free_tcp_endpoint(other, sizeof other);

    tu_set_int(d, ZMQ_RECONNECT_IVL, 20);
    if (stop)
        tu_set_int(d, ZMQ_RECONNECT_STOP, ZMQ_RECONNECT_STOP_AFTER_DISCONNECT);
    TU_OK(zmq_connect(d, other));
    TU_OK(zmq_connect(d, ep));
    TU_ASSERT(count_events(m, ZMQ_EVENT_CONNECT_RETRIED, ep, 300) > 0);
    TU_OK(zmq_disconnect(d, other));
    /* a retry already under way may still happen */
    count_events(m, ZMQ_EVENT_CONNECT_RETRIED, ep, 200);
    if (stop)
        TU_EQ_INT(count_events(m, ZMQ_EVENT_CONNECT_RETRIED, ep, 600), 0);
    else
        TU_ASSERT(count_events(m, ZMQ_EVENT_CONNECT_RETRIED, ep, 600) > 0);
    TU_OK(zmq_close(d));
    TU_OK(zmq_close(m));
    close(fd);
    unlink(path);
}

int main(void)
{
    void *ctx;
    TU_START();
    ctx = tu_ctx();
    conn_refused(ctx, 0);
    conn_refused(ctx, 1);
    handshake_failed(ctx, 0);
    handshake_failed(ctx, 1);
    after_disconnect(ctx, 0);
    after_disconnect(ctx, 1);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
