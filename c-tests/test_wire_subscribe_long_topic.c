/*
 * test_wire_subscribe_long_topic.c - raw TCP peers (as SUB) subscribe to a
 * PUB with a 200 KB topic in one SUBSCRIBE command (ZMTP 3.1, a long
 * command frame) and disconnect, three times.  The subscription trie is
 * walked and pruned byte by byte when the peer goes: that must not
 * recurse once per byte (ferromq overflowed its stack and aborted the
 * process).  The PUB keeps serving its well-behaved SUB throughout.
 */
#include "testutil.h"
#include "rawzmtp.h"

#define TOPIC_LEN 200000

int main(void)
{
    void *ctx, *pub, *sub;
    char ep[128];
    static unsigned char frame[9 + 10 + TOPIC_LEN];
    uint64_t body = 10 + TOPIC_LEN;
    int round, i;

    TU_START();
    ctx = TU_PTR(zmq_ctx_new());
    pub = tu_socket(ctx, ZMQ_PUB);
    sub = tu_socket(ctx, ZMQ_SUB);
    tu_bind_tcp(pub, ep, sizeof ep);
    TU_OK(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "t", 1));
    TU_OK(zmq_connect(sub, ep));
    tu_sync_pubsub(pub, sub, "t-sync-0");

    /* 0x06: a long command; "\x09SUBSCRIBE" then the topic */
    frame[0] = 0x06;
    for (i = 0; i < 8; i++)
        frame[1 + i] = (unsigned char)(body >> (56 - 8 * i));
    frame[9] = 9;
    memcpy(frame + 10, "SUBSCRIBE", 9);
    memset(frame + 19, 'a', TOPIC_LEN);

    for (round = 0; round < 3; round++) {
        char topic[32];
        int fd = w_connect(ep);
        w_handshake(fd, "SUB");
        w_send(fd, frame, sizeof frame);
        /* the subscription is in before the peer goes: a message for the
         * good SUB sent after it */
        snprintf(topic, sizeof topic, "t-after-sub-%d", round);
        tu_sleep_ms(100);
        close(fd);
        tu_sync_pubsub(pub, sub, topic);
    }
    /* the PUB still works after the peers are gone */
    tu_sleep_ms(100);
    tu_sync_pubsub(pub, sub, "t-end");

    TU_OK(zmq_close(sub));
    TU_OK(zmq_close(pub));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
