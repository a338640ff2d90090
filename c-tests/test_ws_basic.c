/* ws:// (ZWS 2.0) with the NULL mechanism: bind and connect, the
 * ZMQ_LAST_ENDPOINT form (ws://IP:PORT/PATH, the path "/" when none is
 * given), a connect whose path differs from the bound one (libzmq does not
 * check it), REQ/REP with multipart and large messages, DEALER/ROUTER
 * routing ids, PUB/SUB filtering (subscriptions travel over ws), and the
 * address errors: no port (EINVAL), a wildcard port on connect (EINVAL),
 * a host name on bind (ENODEV). Runs on the system libzmq too (Debian's
 * 4.3.4 has the ws transport: zmq_has("WS") is 1 there). */
#include "testutil.h"

static void ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    TU_ASSERT_MSG(a >= b && strcmp(s + a - b, suffix) == 0,
                  "\"%s\" should end with \"%s\"", s, suffix);
}

int main(void)
{
    void *ctx, *rep, *req, *pull, *push, *router, *dealer, *pub, *sub;
    char ep[256], other[256], buf[256];
    char *big;
    const size_t big_len = 300 * 1000;
    zmq_msg_t m;
    TU_START();

    ctx = tu_ctx();

    /* Endpoint forms and errors. */
    pull = tu_socket(ctx, ZMQ_PULL);
    TU_OK(zmq_bind(pull, "ws://127.0.0.1:*/foo"));
    tu_last_endpoint(pull, ep, sizeof ep);
    TU_ASSERT_MSG(strncmp(ep, "ws://127.0.0.1:", 15) == 0, "got %s", ep);
    ends_with(ep, "/foo");
    /* The path is not checked by the server. */
    snprintf(other, sizeof other, "%s", ep);
    strcpy(other + strlen(other) - 4, "/bar");
    push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_connect(push, other));
    tu_last_endpoint(push, buf, sizeof buf);
    TU_EQ_STR(buf, other);
    tu_send_str(push, "one", ZMQ_SNDMORE);
    tu_send_str(push, "two", 0);
    tu_recv_str(pull, "one", 1);
    tu_recv_str(pull, "two", 0);

    TU_ERR(zmq_connect(push, "ws://127.0.0.1"), EINVAL);
    TU_ERR(zmq_connect(push, "ws://127.0.0.1:*"), EINVAL);
    TU_ERR(zmq_bind(pull, "ws://localhost:*/x"), ENODEV);

    /* REQ/REP, bound without a path; a large message both ways. */
    rep = tu_socket(ctx, ZMQ_REP);
    TU_OK(zmq_bind(rep, "ws://127.0.0.1:*"));
    tu_last_endpoint(rep, ep, sizeof ep);
    ends_with(ep, "/");
    req = tu_socket(ctx, ZMQ_REQ);
    TU_OK(zmq_connect(req, ep));
    tu_send_str(req, "hello", 0);
    tu_recv_str(rep, "hello", 0);
    tu_send_str(rep, "world", 0);
    tu_recv_str(req, "world", 0);
    big = (char *)malloc(big_len);
    TU_ASSERT(big != NULL);
    for (size_t i = 0; i < big_len; i++)
        big[i] = (char)(i * 7 + 3);
    TU_EQ_INT(zmq_send(req, big, big_len, 0), (int)big_len);
    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_recv(&m, rep, 0), (int)big_len);
    TU_ASSERT(memcmp(zmq_msg_data(&m), big, big_len) == 0);
    TU_EQ_INT(zmq_msg_send(&m, rep, 0), (int)big_len);
    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_recv(&m, req, 0), (int)big_len);
    TU_ASSERT(memcmp(zmq_msg_data(&m), big, big_len) == 0);
    TU_OK(zmq_msg_close(&m));
    free(big);

    /* DEALER/ROUTER: the routing id travels in READY. */
    router = tu_socket(ctx, ZMQ_ROUTER);
    TU_OK(zmq_bind(router, "ws://127.0.0.1:*/r"));
    tu_last_endpoint(router, ep, sizeof ep);
    dealer = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, "D1", 2));
    TU_OK(zmq_connect(dealer, ep));
    tu_send_str(dealer, "ping", 0);
    tu_recv_str(router, "D1", 1);
    tu_recv_str(router, "ping", 0);
    tu_send_str(router, "D1", ZMQ_SNDMORE);
    tu_send_str(router, "pong", 0);
    tu_recv_str(dealer, "pong", 0);

    /* PUB/SUB: the subscription reaches the publisher over ws. */
    pub = tu_socket(ctx, ZMQ_PUB);
    TU_OK(zmq_bind(pub, "ws://127.0.0.1:*"));
    tu_last_endpoint(pub, ep, sizeof ep);
    sub = tu_socket(ctx, ZMQ_SUB);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "A", 1));
    TU_OK(zmq_connect(sub, ep));
    tu_sync_pubsub(pub, sub, "Async");
    tu_send_str(pub, "B-no", 0);
    tu_send_str(pub, "A-yes", 0);
    tu_recv_str(sub, "A-yes", 0);

    TU_OK(zmq_close(pull));
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(rep));
    TU_OK(zmq_close(req));
    TU_OK(zmq_close(router));
    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(pub));
    TU_OK(zmq_close(sub));
    TU_OK(zmq_ctx_term(ctx));
    printf("ok %s\n", tu_lib_name());
    return 0;
}
