/* PUB/SUB over tcp: a SUB subscribed to "news" gets every message whose
 * first bytes are "news" (prefix match, including "news" itself and
 * "newsflash"), never "weather" or "new"; a second SUB subscribed to ""
 * gets everything.  Both SUBs connect to one bound PUB. */
#include "testutil.h"

int main(void)
{
    void *ctx, *pub, *news, *all;
    char ep[256];
    TU_START();

    ctx = tu_ctx();
    pub = tu_socket(ctx, ZMQ_PUB);
    news = tu_socket(ctx, ZMQ_SUB);
    all = tu_socket(ctx, ZMQ_SUB);
    tu_bind_any(pub, "tcp", ep, sizeof ep);
    TU_OK(zmq_setsockopt(news, ZMQ_SUBSCRIBE, "news", 4));
    TU_OK(zmq_setsockopt(all, ZMQ_SUBSCRIBE, "", 0));
    TU_OK(zmq_connect(news, ep));
    TU_OK(zmq_connect(all, ep));

    /* wait until both subscriptions have reached the PUB */
    tu_sync_pubsub(pub, news, "news-sync");
    tu_sync_pubsub(pub, all, "all-sync"); /* does not match "news" */

    tu_send_str(pub, "weather: rain", 0);
    tu_send_str(pub, "news: hello", 0);
    tu_send_str(pub, "new", 0);
    tu_send_str(pub, "newsflash", 0);
    tu_send_str(pub, "news", 0);
    tu_send_str(pub, "Weather", 0);
    tu_send_str(pub, "END news", 0);
    tu_send_str(pub, "news end", 0);

    /* in order; "weather", "new", "Weather" and "END news" filtered out */
    tu_recv_str(news, "news: hello", 0);
    tu_recv_str(news, "newsflash", 0);
    tu_recv_str(news, "news", 0);
    tu_recv_str(news, "news end", 0);

    tu_recv_str(all, "weather: rain", 0);
    tu_recv_str(all, "news: hello", 0);
    tu_recv_str(all, "new", 0);
    tu_recv_str(all, "newsflash", 0);
    tu_recv_str(all, "news", 0);
    tu_recv_str(all, "Weather", 0);
    tu_recv_str(all, "END news", 0);
    tu_recv_str(all, "news end", 0);

    /* nothing more is pending on either */
    TU_ASSERT(!tu_wait_readable(news, 100));
    TU_ASSERT(!tu_wait_readable(all, 0));

    TU_OK(zmq_close(pub));
    TU_OK(zmq_close(news));
    TU_OK(zmq_close(all));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
