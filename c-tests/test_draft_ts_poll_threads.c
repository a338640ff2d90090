/* zmq_poll on a thread-safe socket while another thread uses it: one
 * thread polls a SERVER for input (and answers each request), another
 * sends on the same SERVER all the time (each call handles the socket's
 * pending commands, the wake-ups meant for the poller among them). Every
 * request must wake the poller: 300 request/reply rounds, each poll
 * bounded: a poll still waiting 2.5 s after its request was sent (a
 * round trip takes well under a millisecond) missed its wake-up. */
#include "testutil.h"
#include <pthread.h>

#define ROUNDS 300

static void *server;
static int stop, failed;
static uint32_t client_rid;

static void *ticker(void *arg)
{
    (void)arg;
    while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
        zmq_msg_t m;
        uint32_t rid = __atomic_load_n(&client_rid, __ATOMIC_ACQUIRE);
        zmq_msg_init_size(&m, 4);
        memcpy(zmq_msg_data(&m), "tick", 4);
        zmq_msg_set_routing_id(&m, rid);
        if (zmq_msg_send(&m, server, ZMQ_DONTWAIT) < 0)
            zmq_msg_close(&m);
        tu_sleep_ms(1);
    }
    return NULL;
}

static void *poller(void *arg)
{
    int i, rc;
    int64_t t0;
    (void)arg;
    for (i = 0; i < ROUNDS; i++) {
        zmq_pollitem_t it;
        zmq_msg_t m;
        memset(&it, 0, sizeof it);
        it.socket = server;
        it.events = ZMQ_POLLIN;
        t0 = tu_now_ms();
        rc = zmq_poll(&it, 1, 5000);
        /* the request is on its way when we poll: a poll that only ends
         * at (or near) its timeout missed the wake-up (a zmq_poll may
         * notice the input when its timeout ends) */
        if (rc != 1 || tu_now_ms() - t0 >= 2500) {
            fprintf(stderr, "round %d: poll returned %d after %lld ms\n", i,
                    rc, (long long)(tu_now_ms() - t0));
            __atomic_store_n(&failed, 1, __ATOMIC_RELEASE);
            return NULL;
        }
        zmq_msg_init(&m);
        if (zmq_msg_recv(&m, server, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close(&m);
            i--; /* readable, then the message went: poll again */
            continue;
        }
        /* echo it back */
        if (zmq_msg_send(&m, server, 0) < 0) {
            zmq_msg_close(&m);
            __atomic_store_n(&failed, 1, __ATOMIC_RELEASE);
            return NULL;
        }
    }
    return NULL;
}

int main(void)
{
    void *ctx, *client;
    char ep[256], buf[16];
    zmq_msg_t m;
    pthread_t th[2];
    int i, rc;
    TU_START();
    ctx = tu_ctx();
    server = tu_socket(ctx, ZMQ_SERVER);
    client = tu_socket(ctx, ZMQ_CLIENT);
    tu_bind_any(server, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(client, ep));
    tu_send_str(client, "hello", 0);
    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_recv(&m, server, 0), 5);
    __atomic_store_n(&client_rid, zmq_msg_routing_id(&m), __ATOMIC_RELEASE);
    TU_OK(zmq_msg_close(&m));
    TU_ASSERT(pthread_create(&th[0], NULL, ticker, NULL) == 0);
    TU_ASSERT(pthread_create(&th[1], NULL, poller, NULL) == 0);
    for (i = 0; i < ROUNDS && !__atomic_load_n(&failed, __ATOMIC_ACQUIRE);
         i++) {
        char req[16];
        snprintf(req, sizeof req, "req %d", i);
        tu_send_str(client, req, 0);
        for (;;) {
            rc = zmq_recv(client, buf, sizeof buf - 1, 0);
            TU_ASSERT_MSG(rc >= 0, "round %d: no reply", i);
            buf[rc] = '\0';
            if (strcmp(buf, "tick") == 0) {
                if (__atomic_load_n(&failed, __ATOMIC_ACQUIRE))
                    break;
                continue;
            }
            TU_EQ_STR(buf, req);
            break;
        }
    }
    __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
    TU_ASSERT(pthread_join(th[0], NULL) == 0);
    TU_ASSERT(pthread_join(th[1], NULL) == 0);
    TU_ASSERT_MSG(!failed, "the polling thread missed a wake-up");
    TU_OK(zmq_close(client));
    TU_OK(zmq_close(server));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
