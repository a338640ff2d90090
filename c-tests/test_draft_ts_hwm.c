/* DRAFT HWM behaviour (inproc, HWM 1 on both sides): a SERVER sending to a
 * full peer gets EAGAIN (at once with ZMQ_DONTWAIT, after ZMQ_SNDTIMEO
 * otherwise) and other peers are unaffected; a CLIENT blocks at HWM (EAGAIN
 * after ZMQ_SNDTIMEO) and a send blocked in one thread completes as soon
 * as another thread makes room; a CLIENT without peers cannot send
 * (EAGAIN with ZMQ_DONTWAIT); SCATTER (to a GATHER) and CHANNEL block at
 * HWM likewise. */
#include "testutil.h"
#include <pthread.h>

static void *blocked_send(void *client)
{
    tu_set_int(client, ZMQ_SNDTIMEO, -1);
    if (zmq_send(client, "late", 4, 0) != 4)
        return (void *)1;
    return NULL;
}

/* A sender of `type` to a `peer_type` that never reads: it fills up,
 * then a blocking send waits out SNDTIMEO and fails with EAGAIN. */
static void blocks_at_hwm(void *ctx, int type, int peer_type)
{
    char ep[256];
    void *s = tu_socket(ctx, type);
    void *peer = tu_socket(ctx, peer_type);
    int n;
    int64_t t0;
    tu_set_int(s, ZMQ_SNDHWM, 1);
    tu_set_int(peer, ZMQ_RCVHWM, 1);
    tu_bind_any(peer, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(s, ep));
    for (n = 0; n < 1000; n++)
        if (zmq_send(s, "x", 1, ZMQ_DONTWAIT) < 0) {
            TU_EQ_INT(zmq_errno(), EAGAIN);
            break;
        }
    TU_ASSERT(n >= 1 && n < 1000);
    tu_set_int(s, ZMQ_SNDTIMEO, 100);
    t0 = tu_now_ms();
    TU_ERR(zmq_send(s, "x", 1, 0), EAGAIN);
    TU_ASSERT(tu_now_ms() - t0 >= 90);
    TU_EQ_INT(tu_drain(peer), n);
    TU_OK(zmq_close(s));
    TU_OK(zmq_close(peer));
}

int main(void)
{
    void *ctx, *server, *client, *other, *lonely;
    char ep[256], buf[32];
    zmq_msg_t m;
    uint32_t rid;
    int n, rc;
    int64_t t0;
    pthread_t th;
    void *res;
    TU_START();
    ctx = tu_ctx();
    server = tu_socket(ctx, ZMQ_SERVER);
    client = tu_socket(ctx, ZMQ_CLIENT);
    other = tu_socket(ctx, ZMQ_CLIENT);
    tu_set_int(server, ZMQ_SNDHWM, 1);
    tu_set_int(server, ZMQ_RCVHWM, 1);
    tu_set_int(client, ZMQ_SNDHWM, 1);
    tu_set_int(client, ZMQ_RCVHWM, 1);
    tu_bind_any(server, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(client, ep));
    TU_OK(zmq_connect(other, ep));
    tu_send_str(client, "hi", 0);
    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_recv(&m, server, 0), 2);
    rid = zmq_msg_routing_id(&m);
    TU_OK(zmq_msg_close(&m));

    /* SERVER: fill the client's pipe */
    for (n = 0; n < 1000; n++) {
        TU_OK(zmq_msg_init_size(&m, 1));
        TU_OK(zmq_msg_set_routing_id(&m, rid));
        rc = zmq_msg_send(&m, server, ZMQ_DONTWAIT);
        if (rc < 0) {
            TU_EQ_INT(zmq_errno(), EAGAIN);
            TU_OK(zmq_msg_close(&m));
            break;
        }
    }
    TU_ASSERT(n >= 1 && n < 1000);
    tu_set_int(server, ZMQ_SNDTIMEO, 100);
    t0 = tu_now_ms();
    TU_OK(zmq_msg_init_size(&m, 1));
    TU_OK(zmq_msg_set_routing_id(&m, rid));
    TU_ERR(zmq_msg_send(&m, server, 0), EAGAIN);
    TU_ASSERT(tu_now_ms() - t0 >= 90);
    TU_OK(zmq_msg_close(&m));
    TU_EQ_INT(tu_drain(client), n);

    /* CLIENT: fill the pipe to the server */
    for (n = 0; n < 1000; n++)
        if (zmq_send(client, "x", 1, ZMQ_DONTWAIT) < 0) {
            TU_EQ_INT(zmq_errno(), EAGAIN);
            break;
        }
    TU_ASSERT(n >= 1 && n < 1000);
    tu_set_int(client, ZMQ_SNDTIMEO, 100);
    t0 = tu_now_ms();
    TU_ERR(zmq_send(client, "x", 1, 0), EAGAIN);
    TU_ASSERT(tu_now_ms() - t0 >= 90);
    /* a send blocked in another thread goes through once there is room */
    TU_ASSERT(pthread_create(&th, NULL, blocked_send, client) == 0);
    tu_sleep_ms(50);
    /* one message out makes room (the queue is FIFO: an "x") */
    TU_EQ_INT(zmq_recv(server, buf, sizeof buf, 0), 1);
    TU_ASSERT(pthread_join(th, &res) == 0);
    TU_ASSERT(res == NULL);
    tu_set_int(server, ZMQ_RCVTIMEO, TU_TIMEOUT_MS);
    /* everything queued arrives, "late" last */
    for (;;) {
        rc = zmq_recv(server, buf, sizeof buf, 0);
        TU_ASSERT(rc > 0);
        if (rc == 4 && memcmp(buf, "late", 4) == 0)
            break;
    }

    /* CLIENT with no peer */
    lonely = tu_socket(ctx, ZMQ_CLIENT);
    TU_ERR(zmq_send(lonely, "x", 1, ZMQ_DONTWAIT), EAGAIN);
    TU_EQ_INT(tu_get_int(lonely, ZMQ_EVENTS), 0);
    TU_OK(zmq_close(lonely));

    blocks_at_hwm(ctx, ZMQ_SCATTER, ZMQ_GATHER);
    blocks_at_hwm(ctx, ZMQ_CHANNEL, ZMQ_CHANNEL);

    TU_OK(zmq_close(other));
    TU_OK(zmq_close(client));
    TU_OK(zmq_close(server));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
