/* DGRAM over udp:// (libzmq's test_dgram): two bound DGRAM sockets talk
 * with two-frame messages, the peer's "ip:port" then the body. The
 * address frame received ends with a NUL (libzmq's sockaddr_to_msg), and
 * sending it back as the destination works. Connect is ENOCOMPATPROTO. */
#include "rd_util.h"

static void recv_from(void *s, char *addr, size_t alen, char *body, size_t blen)
{
    int n, more;
    size_t sz = sizeof more;
    n = zmq_recv(s, addr, alen - 1, 0);
    TU_ASSERT(n > 0);
    /* the NUL is part of the frame */
    TU_EQ_INT(addr[n - 1], '\0');
    TU_EQ_INT((int)strlen(addr), n - 1);
    TU_OK(zmq_getsockopt(s, ZMQ_RCVMORE, &more, &sz));
    TU_EQ_INT(more, 1);
    n = zmq_recv(s, body, blen - 1, 0);
    TU_ASSERT(n >= 0);
    body[n] = '\0';
}

int main(void)
{
    char ep1[64], ep2[64], a1[32], a2[32], addr[64], body[64];
    void *ctx, *s1, *s2;
    int p1, p2;
    TU_START();
    ctx = tu_ctx();
    s1 = tu_socket(ctx, ZMQ_DGRAM);
    s2 = tu_socket(ctx, ZMQ_DGRAM);
    p1 = rd_free_udp_port();
    do
        p2 = rd_free_udp_port();
    while (p2 == p1);
    snprintf(ep1, sizeof ep1, "udp://127.0.0.1:%d", p1);
    snprintf(ep2, sizeof ep2, "udp://127.0.0.1:%d", p2);
    snprintf(a1, sizeof a1, "127.0.0.1:%d", p1);
    snprintf(a2, sizeof a2, "127.0.0.1:%d", p2);
    TU_ERR(zmq_connect(s1, ep2), ENOCOMPATPROTO);
    TU_OK(zmq_bind(s1, ep1));
    TU_OK(zmq_bind(s2, ep2));

    /* The binds may complete asynchronously (libzmq): retry the question
     * until it arrives. */
    {
        int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
        for (;;) {
            zmq_pollitem_t it = {s1, 0, ZMQ_POLLIN, 0};
            TU_EQ_INT(zmq_send(s2, a1, strlen(a1), ZMQ_SNDMORE), (int)strlen(a1));
            TU_EQ_INT(zmq_send(s2, "Is someone there ?", 18, 0), 18);
            if (zmq_poll(&it, 1, 50) > 0)
                break;
            if (tu_now_ms() > deadline)
                TU_FAIL("no datagram");
        }
    }
    recv_from(s1, addr, sizeof addr, body, sizeof body);
    TU_EQ_STR(addr, a2);
    TU_EQ_STR(body, "Is someone there ?");
    /* answer to the address as received, NUL included */
    TU_EQ_INT(zmq_send(s1, addr, strlen(addr) + 1, ZMQ_SNDMORE), (int)strlen(addr) + 1);
    TU_EQ_INT(zmq_send(s1, "Yes, there is !", 15, 0), 15);
    for (;;) {
        recv_from(s2, addr, sizeof addr, body, sizeof body);
        if (strcmp(body, "Yes, there is !") == 0)
            break;
    }
    TU_EQ_STR(addr, a1);
    /* an empty body is a datagram too */
    TU_EQ_INT(zmq_send(s2, a1, strlen(a1), ZMQ_SNDMORE), (int)strlen(a1));
    TU_EQ_INT(zmq_send(s2, "", 0, 0), 0);
    for (;;) {
        recv_from(s1, addr, sizeof addr, body, sizeof body);
        if (body[0] == '\0')
            break;
        TU_EQ_STR(body, "Is someone there ?"); /* retries still queued */
    }
    TU_EQ_STR(addr, a2);
    /* a destination that does not parse: the message is dropped */
    TU_EQ_INT(zmq_send(s2, "nowhere", 7, ZMQ_SNDMORE), 7);
    TU_EQ_INT(zmq_send(s2, "lost", 4, 0), 4);
    TU_EQ_INT(zmq_send(s2, a1, strlen(a1), ZMQ_SNDMORE), (int)strlen(a1));
    TU_EQ_INT(zmq_send(s2, "after", 5, 0), 5);
    recv_from(s1, addr, sizeof addr, body, sizeof body);
    TU_EQ_STR(body, "after");
    /* a send to a port nobody has: the ICMP error it brings back must not
     * stop s2 from receiving what comes next */
    {
        char nowhere[32];
        snprintf(nowhere, sizeof nowhere, "127.0.0.1:%d", rd_free_udp_port());
        TU_EQ_INT(zmq_send(s2, nowhere, strlen(nowhere), ZMQ_SNDMORE), (int)strlen(nowhere));
        TU_EQ_INT(zmq_send(s2, "void", 4, 0), 4);
        TU_EQ_INT(zmq_send(s1, a2, strlen(a2), ZMQ_SNDMORE), (int)strlen(a2));
        TU_EQ_INT(zmq_send(s1, "still here", 10, 0), 10);
        recv_from(s2, addr, sizeof addr, body, sizeof body);
        TU_EQ_STR(body, "still here");
        TU_EQ_STR(addr, a1);
    }

    TU_OK(zmq_close(s1));
    TU_OK(zmq_close(s2));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
