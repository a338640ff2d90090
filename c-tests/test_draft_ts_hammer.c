/* Thread safety: one CLIENT and one SERVER, each used by 4 threads at
 * once (over tcp, then inproc). On the CLIENT, 2 threads send N messages
 * each while 2 threads receive the echoes; on the SERVER, 2 threads
 * receive and queue the requests while 2 threads send them back (to the
 * routing id each came from). Every message comes back exactly once.
 * Receivers block in zmq_recv (RCVTIMEO 100 ms, to notice the end) while
 * the senders on the same socket carry on.
 * The inproc round runs on ferromq only: libzmq 4.3.5 halts there now and
 * then (about one run in ten here; a lost wake-up of its inproc
 * CLIENT/SERVER pipes, reported upstream as zeromq/libzmq#3048). */
#include "testutil.h"
#include <pthread.h>

#ifndef N
#define N 5000
#endif
#define QCAP (4 * N)

static void *client, *server;
static int stop_server; /* read with __atomic_load_n */
static unsigned char seen[2 * N];
static int echoed;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t qcond = PTHREAD_COND_INITIALIZER;
static struct
{
    uint32_t rid;
    uint32_t val;
} q[QCAP];
static int qhead, qtail;
static int failed;

static void fail(const char *what)
{
    pthread_mutex_lock(&lock);
    if (!failed)
        fprintf(stderr, "FAIL: %s (errno %d: %s)\n", what, zmq_errno(),
                zmq_strerror(zmq_errno()));
    failed = 1;
    pthread_mutex_unlock(&lock);
}

static void *client_sender(void *arg)
{
    uint32_t base = (uint32_t)(uintptr_t)arg * N, i;
    for (i = 0; i < N; i++) {
        uint32_t v = base + i;
        if (zmq_send(client, &v, sizeof v, 0) != sizeof v) {
            fail("client send");
            return NULL;
        }
    }
    return NULL;
}

static void *client_receiver(void *arg)
{
    int64_t deadline = tu_now_ms() + 40000;
    (void)arg;
    for (;;) {
        uint32_t v;
        int rc, done;
        pthread_mutex_lock(&lock);
        done = echoed == 2 * N || failed;
        pthread_mutex_unlock(&lock);
        if (done)
            return NULL;
        if (tu_now_ms() > deadline) {
            fail("client receivers timed out");
            return NULL;
        }
        rc = zmq_recv(client, &v, sizeof v, 0);
        if (rc < 0) {
            if (zmq_errno() != EAGAIN) {
                fail("client recv");
                return NULL;
            }
            continue;
        }
        if (rc != sizeof v || v >= 2 * N) {
            fail("client got a bad message");
            return NULL;
        }
        pthread_mutex_lock(&lock);
        if (seen[v]++)
            failed = 1, fprintf(stderr, "FAIL: %u received twice\n", v);
        echoed++;
        pthread_mutex_unlock(&lock);
    }
}

static void *server_receiver(void *arg)
{
    (void)arg;
    while (!__atomic_load_n(&stop_server, __ATOMIC_ACQUIRE)) {
        zmq_msg_t m;
        uint32_t v;
        zmq_msg_init(&m);
        if (zmq_msg_recv(&m, server, 0) < 0) {
            zmq_msg_close(&m);
            if (zmq_errno() != EAGAIN) {
                fail("server recv");
                return NULL;
            }
            continue;
        }
        if (zmq_msg_size(&m) != sizeof v || zmq_msg_routing_id(&m) == 0) {
            fail("server got a bad message");
            zmq_msg_close(&m);
            return NULL;
        }
        memcpy(&v, zmq_msg_data(&m), sizeof v);
        pthread_mutex_lock(&lock);
        q[qtail % QCAP].rid = zmq_msg_routing_id(&m);
        q[qtail % QCAP].val = v;
        qtail++;
        pthread_cond_signal(&qcond);
        pthread_mutex_unlock(&lock);
        zmq_msg_close(&m);
    }
    return NULL;
}

static void *server_sender(void *arg)
{
    (void)arg;
    for (;;) {
        zmq_msg_t m;
        uint32_t rid, v;
        pthread_mutex_lock(&lock);
        while (qhead == qtail && !stop_server)
            pthread_cond_wait(&qcond, &lock);
        if (qhead == qtail) {
            pthread_mutex_unlock(&lock);
            return NULL;
        }
        rid = q[qhead % QCAP].rid;
        v = q[qhead % QCAP].val;
        qhead++;
        pthread_mutex_unlock(&lock);
        zmq_msg_init_size(&m, sizeof v);
        memcpy(zmq_msg_data(&m), &v, sizeof v);
        zmq_msg_set_routing_id(&m, rid);
        if (zmq_msg_send(&m, server, 0) != sizeof v) {
            zmq_msg_close(&m);
            fail("server send");
            return NULL;
        }
    }
}

static void run(void *ctx, const char *transport)
{
    char ep[256];
    pthread_t th[8];
    int i;
    client = tu_socket(ctx, ZMQ_CLIENT);
    server = tu_socket(ctx, ZMQ_SERVER);
    tu_set_int(client, ZMQ_RCVTIMEO, 100);
    tu_set_int(server, ZMQ_RCVTIMEO, 100);
    tu_set_int(client, ZMQ_SNDTIMEO, 30000);
    tu_set_int(server, ZMQ_SNDTIMEO, 30000);
    tu_bind_any(server, transport, ep, sizeof ep);
    TU_OK(zmq_connect(client, ep));
    memset(seen, 0, sizeof seen);
    echoed = 0;
    qhead = qtail = 0;
    __atomic_store_n(&stop_server, 0, __ATOMIC_RELEASE);
    failed = 0;

    TU_ASSERT(pthread_create(&th[0], NULL, server_receiver, NULL) == 0);
    TU_ASSERT(pthread_create(&th[1], NULL, server_receiver, NULL) == 0);
    TU_ASSERT(pthread_create(&th[2], NULL, server_sender, NULL) == 0);
    TU_ASSERT(pthread_create(&th[3], NULL, server_sender, NULL) == 0);
    TU_ASSERT(pthread_create(&th[4], NULL, client_receiver, NULL) == 0);
    TU_ASSERT(pthread_create(&th[5], NULL, client_receiver, NULL) == 0);
    TU_ASSERT(pthread_create(&th[6], NULL, client_sender, (void *)0) == 0);
    TU_ASSERT(pthread_create(&th[7], NULL, client_sender, (void *)1) == 0);
    for (i = 4; i < 8; i++)
        TU_ASSERT(pthread_join(th[i], NULL) == 0);
    pthread_mutex_lock(&lock);
    __atomic_store_n(&stop_server, 1, __ATOMIC_RELEASE);
    pthread_cond_broadcast(&qcond);
    pthread_mutex_unlock(&lock);
    for (i = 0; i < 4; i++)
        TU_ASSERT(pthread_join(th[i], NULL) == 0);
    TU_ASSERT_MSG(!failed, "%s: a thread failed", transport);
    TU_EQ_INT(echoed, 2 * N);
    for (i = 0; i < 2 * N; i++)
        TU_ASSERT_MSG(seen[i] == 1, "%s: message %d seen %d times", transport,
                      i, seen[i]);
    TU_OK(zmq_close(client));
    TU_OK(zmq_close(server));
    printf("%s: %d messages echoed, each once\n", transport, 2 * N);
}

int main(void)
{
    void *ctx;
    TU_START();
    ctx = tu_ctx();
    run(ctx, "tcp");
    run(ctx, "ipc");
    if (tu_lib_is_ferromq())
        run(ctx, "inproc");
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
