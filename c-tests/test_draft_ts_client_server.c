/* DRAFT CLIENT/SERVER (RFC 41) over tcp, ipc and inproc: a SERVER gives
 * each peer a routing id (non-zero) that zmq_msg_routing_id reads on what
 * it receives; replies go to the peer named by zmq_msg_set_routing_id,
 * and each of two CLIENTs gets its own; an unknown or missing routing id
 * is EHOSTUNREACH; multipart sends are EINVAL on both; ZMQ_THREAD_SAFE is
 * 1 (0 on a classic type); ZMQ_FD is EINVAL; ZMQ_EVENTS and zmq_poll work
 * on both. */
#include "testutil.h"

static uint32_t recv_from(void *server, const char *want)
{
    zmq_msg_t m;
    uint32_t rid;
    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_recv(&m, server, 0), (int)strlen(want));
    TU_ASSERT(memcmp(zmq_msg_data(&m), want, strlen(want)) == 0);
    TU_EQ_INT(zmq_msg_more(&m), 0);
    rid = zmq_msg_routing_id(&m);
    TU_ASSERT(rid != 0);
    TU_OK(zmq_msg_close(&m));
    return rid;
}

static int send_to(void *server, uint32_t rid, const char *text, int flags)
{
    zmq_msg_t m;
    int rc;
    TU_OK(zmq_msg_init_size(&m, strlen(text)));
    memcpy(zmq_msg_data(&m), text, strlen(text));
    if (rid)
        TU_OK(zmq_msg_set_routing_id(&m, rid));
    rc = zmq_msg_send(&m, server, flags);
    if (rc < 0) {
        int e = zmq_errno();
        zmq_msg_close(&m);
        errno = e;
    }
    return rc;
}

static void run(void *ctx, const char *transport)
{
    char ep[256];
    void *server = tu_socket(ctx, ZMQ_SERVER);
    void *a = tu_socket(ctx, ZMQ_CLIENT);
    void *b = tu_socket(ctx, ZMQ_CLIENT);
    uint32_t ra, rb, unknown;
    size_t len;
    int fd;
    zmq_pollitem_t items[2];

    tu_bind_any(server, transport, ep, sizeof ep);
    TU_OK(zmq_connect(a, ep));
    TU_OK(zmq_connect(b, ep));

    tu_send_str(a, "from a", 0);
    ra = recv_from(server, "from a");
    tu_send_str(b, "from b", 0);
    rb = recv_from(server, "from b");
    TU_ASSERT(ra != rb);
    /* the same peer keeps its id */
    tu_send_str(a, "a again", 0);
    TU_EQ_INT(recv_from(server, "a again"), ra);

    /* replies reach the right client */
    TU_EQ_INT(send_to(server, rb, "to b", 0), 4);
    TU_EQ_INT(send_to(server, ra, "to a", 0), 4);
    tu_recv_str(a, "to a", 0);
    tu_recv_str(b, "to b", 0);

    /* unknown or missing routing id */
    unknown = 1;
    while (unknown == ra || unknown == rb)
        unknown++;
    TU_ERR(send_to(server, unknown, "nobody", 0), EHOSTUNREACH);
    TU_ERR(send_to(server, 0, "nobody", 0), EHOSTUNREACH);

    /* single-part only */
    TU_ERR(zmq_send(a, "x", 1, ZMQ_SNDMORE), EINVAL);
    TU_ERR(send_to(server, ra, "x", ZMQ_SNDMORE), EINVAL);
    /* the failed sends sent nothing: the next message is the real one */
    tu_send_str(a, "after einval", 0);
    TU_EQ_INT(recv_from(server, "after einval"), ra);

    /* options */
    TU_EQ_INT(tu_get_int(server, ZMQ_THREAD_SAFE), 1);
    TU_EQ_INT(tu_get_int(a, ZMQ_THREAD_SAFE), 1);
    len = sizeof fd;
    TU_ERR(zmq_getsockopt(server, ZMQ_FD, &fd, &len), EINVAL);
    TU_ERR(zmq_getsockopt(a, ZMQ_FD, &fd, &len), EINVAL);
    TU_EQ_INT(tu_get_int(server, ZMQ_TYPE), ZMQ_SERVER);
    TU_EQ_INT(tu_get_int(a, ZMQ_TYPE), ZMQ_CLIENT);
    /* SERVER is always writable (whether a send succeeds depends on its
     * routing id); a connected CLIENT is writable; nothing to read */
    TU_EQ_INT(tu_get_int(server, ZMQ_EVENTS), ZMQ_POLLOUT);
    TU_EQ_INT(tu_get_int(a, ZMQ_EVENTS), ZMQ_POLLOUT);

    /* zmq_poll on thread-safe sockets */
    memset(items, 0, sizeof items);
    items[0].socket = server;
    items[0].events = ZMQ_POLLIN;
    items[1].socket = b;
    items[1].events = ZMQ_POLLIN;
    TU_EQ_INT(zmq_poll(items, 2, 0), 0);
    tu_send_str(a, "poll me", 0);
    TU_EQ_INT(zmq_poll(items, 2, TU_TIMEOUT_MS), 1);
    TU_EQ_INT(items[0].revents, ZMQ_POLLIN);
    TU_EQ_INT(items[1].revents, 0);
    TU_EQ_INT(tu_get_int(server, ZMQ_EVENTS), ZMQ_POLLIN | ZMQ_POLLOUT);
    TU_EQ_INT(recv_from(server, "poll me"), ra);
    TU_EQ_INT(send_to(server, rb, "poll b", 0), 6);
    TU_EQ_INT(zmq_poll(items, 2, TU_TIMEOUT_MS), 1);
    TU_EQ_INT(items[0].revents, 0);
    TU_EQ_INT(items[1].revents, ZMQ_POLLIN);
    tu_recv_str(b, "poll b", 0);

    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_close(server));
}

int main(void)
{
    void *ctx, *dealer;
    TU_START();
    ctx = tu_ctx();
    run(ctx, "tcp");
    run(ctx, "ipc");
    run(ctx, "inproc");
    dealer = tu_socket(ctx, ZMQ_DEALER);
    TU_EQ_INT(tu_get_int(dealer, ZMQ_THREAD_SAFE), 0);
    TU_OK(zmq_close(dealer));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
