/* A call that succeeds leaves errno as the caller had it: errno is set to
 * 0, then (second round) to a sentinel no call would produce, before each
 * of many successful calls (context, sockets, options, endpoints, send and
 * receive, message functions, Z85, utilities), and must be unchanged
 * afterwards.  The first calls that allocate (large message bodies, a
 * large send) come first: an allocator that fails a system call on the
 * way (mimalloc naming its mappings with prctl on a kernel that refuses
 * it: EINVAL) must not leak that errno to the caller.  libzmq's own
 * test_base85 asserts errno stays 0 around zmq_z85_encode. */
#include "testutil.h"

static int sentinel;

/* Run `stmt` with errno = sentinel and check errno is unchanged after. */
#define KEEP(stmt)                                                             \
    do {                                                                       \
        int e_;                                                                \
        TU_HERE_();                                                            \
        errno = sentinel;                                                      \
        stmt;                                                                  \
        e_ = errno;                                                            \
        if (e_ != sentinel)                                                    \
            tu_fail_(__FILE__, __LINE__, e_,                                   \
                     "`%s` changed errno from %d to %d", #stmt, sentinel,     \
                     e_);                                                      \
    } while (0)

/* Calls that libzmq 4.3 itself leaves errno changed after, on success
 * (setsockopt tries the socket type's options first and keeps its EINVAL;
 * bind, connect, the first send, ZMQ_EVENTS and zmq_poll keep an EAGAIN
 * from processing commands; zmq_ctx_new and zmq_init reset errno to 0):
 * only made here.  ferromq keeps errno for them too, which
 * crates/ferromq-capi/tests/errno.rs checks. */
#define LIBZMQ_CHANGES(stmt)                                                   \
    do {                                                                       \
        TU_HERE_();                                                            \
        stmt;                                                                  \
    } while (0)

static void nop_free(void *data, void *hint)
{
    (void)data;
    (void)hint;
}

static void round_(int s)
{
    void *ctx, *a, *b, *pub, *sub, *counter, *watch;
    zmq_msg_t m, c;
    int rc, v, major, minor, patch;
    size_t len, i;
    char ep[256], buf[256], z85[64];
    static unsigned char big[300000];
    static const char *const_data = "constant data";
    static const uint8_t key[32] = { 0x8E, 0x0B, 0xDD, 0x69, 0x76, 0x28, 0xB9,
                                     0x1D, 0x8F, 0x24, 0x55, 0x87, 0xEE, 0x95,
                                     0xC5, 0xB0, 0x4D, 0x48, 0x96, 0x3F, 0x79,
                                     0x25, 0x98, 0x77, 0xB4, 0x9C, 0xD9, 0x06,
                                     0x3A, 0xEA, 0xD3, 0xB7 };
    uint8_t decoded[32];
    zmq_pollitem_t item;

    sentinel = s;

    /* Allocating calls first, of growing sizes. */
    for (len = 1000; len <= ((size_t)16 << 20); len *= 2) {
        KEEP(rc = zmq_msg_init_size(&m, len));
        TU_EQ_INT(rc, 0);
        memset(zmq_msg_data(&m), 1, len);
        KEEP(rc = zmq_msg_close(&m));
        TU_EQ_INT(rc, 0);
    }

    LIBZMQ_CHANGES(ctx = zmq_ctx_new());
    TU_ASSERT(ctx != NULL);
    KEEP(rc = zmq_ctx_set(ctx, ZMQ_IO_THREADS, 1));
    TU_EQ_INT(rc, 0);
    KEEP(rc = zmq_ctx_get(ctx, ZMQ_IO_THREADS));
    TU_EQ_INT(rc, 1);
    KEEP(rc = zmq_ctx_get(ctx, ZMQ_MAX_SOCKETS));
    TU_ASSERT(rc > 0);

    KEEP(a = zmq_socket(ctx, ZMQ_PAIR));
    TU_ASSERT(a != NULL);
    KEEP(b = zmq_socket(ctx, ZMQ_PAIR));
    TU_ASSERT(b != NULL);
    v = 0;
    LIBZMQ_CHANGES(rc = zmq_setsockopt(a, ZMQ_LINGER, &v, sizeof v));
    TU_EQ_INT(rc, 0);
    LIBZMQ_CHANGES(rc = zmq_setsockopt(b, ZMQ_LINGER, &v, sizeof v));
    TU_EQ_INT(rc, 0);
    v = 5000;
    LIBZMQ_CHANGES(rc = zmq_setsockopt(b, ZMQ_RCVTIMEO, &v, sizeof v));
    TU_EQ_INT(rc, 0);
    LIBZMQ_CHANGES(rc = zmq_setsockopt(a, ZMQ_ROUTING_ID, "abc", 3));
    TU_EQ_INT(rc, 0);
    len = sizeof v;
    KEEP(rc = zmq_getsockopt(a, ZMQ_TYPE, &v, &len));
    TU_EQ_INT(rc, 0);
    TU_EQ_INT(v, ZMQ_PAIR);
    tu_inproc_endpoint(ep, sizeof ep);
    LIBZMQ_CHANGES(rc = zmq_bind(a, ep));
    TU_EQ_INT(rc, 0);
    LIBZMQ_CHANGES(rc = zmq_connect(b, ep));
    TU_EQ_INT(rc, 0);
    len = sizeof buf;
    KEEP(rc = zmq_getsockopt(a, ZMQ_LAST_ENDPOINT, buf, &len));
    TU_EQ_INT(rc, 0);

    /* send / recv, small and large (copied); libzmq's first send keeps an
     * EAGAIN from the connect's commands */
    LIBZMQ_CHANGES(rc = zmq_send(a, "first", 5, 0));
    TU_EQ_INT(rc, 5);
    KEEP(rc = zmq_recv(b, buf, sizeof buf, 0));
    TU_EQ_INT(rc, 5);
    for (i = 0; i < 3; i++) {
        KEEP(rc = zmq_send(a, "hello", 5, 0));
        TU_EQ_INT(rc, 5);
        KEEP(rc = zmq_recv(b, buf, sizeof buf, 0));
        TU_EQ_INT(rc, 5);
        KEEP(rc = zmq_send(a, big, sizeof big, 0));
        TU_EQ_INT(rc, (int)sizeof big);
        KEEP(rc = zmq_recv(b, buf, sizeof buf, 0));
        TU_EQ_INT(rc, (int)sizeof big);
    }
    KEEP(rc = zmq_send_const(a, const_data, strlen(const_data), 0));
    TU_EQ_INT(rc, (int)strlen(const_data));
    len = sizeof v;
    LIBZMQ_CHANGES(rc = zmq_getsockopt(b, ZMQ_EVENTS, &v, &len));
    TU_EQ_INT(rc, 0);
    TU_ASSERT(v & ZMQ_POLLIN);
    memset(&item, 0, sizeof item);
    item.socket = b;
    item.events = ZMQ_POLLIN;
    LIBZMQ_CHANGES(rc = zmq_poll(&item, 1, 1000));
    TU_EQ_INT(rc, 1);
    KEEP(rc = zmq_recv(b, buf, sizeof buf, 0));
    TU_EQ_INT(rc, (int)strlen(const_data));

    /* messages */
    KEEP(rc = zmq_msg_init(&m));
    TU_EQ_INT(rc, 0);
    KEEP(rc = zmq_msg_close(&m));
    TU_EQ_INT(rc, 0);
    KEEP(rc = zmq_msg_init_data(&m, big, sizeof big, nop_free, NULL));
    TU_EQ_INT(rc, 0);
    KEEP(rc = zmq_msg_init(&c));
    TU_EQ_INT(rc, 0);
    KEEP(rc = zmq_msg_copy(&c, &m));
    TU_EQ_INT(rc, 0);
    KEEP(rc = zmq_msg_more(&c));
    TU_EQ_INT(rc, 0);
    KEEP(rc = zmq_msg_get(&c, ZMQ_MORE));
    TU_EQ_INT(rc, 0);
    KEEP(rc = zmq_msg_close(&c));
    TU_EQ_INT(rc, 0);
    KEEP(rc = zmq_msg_init_size(&c, 100000));
    TU_EQ_INT(rc, 0);
    KEEP(rc = zmq_msg_move(&c, &m));
    TU_EQ_INT(rc, 0);
    KEEP(len = zmq_msg_size(&c));
    TU_EQ_INT(len, sizeof big);
    KEEP(rc = zmq_msg_send(&c, a, 0));
    TU_EQ_INT(rc, (int)sizeof big);
    KEEP(rc = zmq_msg_recv(&m, b, 0));
    TU_EQ_INT(rc, (int)sizeof big);
    KEEP(rc = zmq_msg_close(&m));
    TU_EQ_INT(rc, 0);
    KEEP(rc = zmq_msg_close(&c));
    TU_EQ_INT(rc, 0);
    KEEP(rc = zmq_msg_init_size(&m, 200000));
    TU_EQ_INT(rc, 0);
    KEEP(buf[0] = *(char *)zmq_msg_data(&m));
    KEEP(rc = zmq_sendmsg(a, &m, 0));
    TU_EQ_INT(rc, 200000);
    KEEP(rc = zmq_recvmsg(b, &m, 0));
    TU_EQ_INT(rc, 200000);
    KEEP(rc = zmq_msg_close(&m));
    TU_EQ_INT(rc, 0);

    /* pub/sub with a subscription over tcp */
    KEEP(pub = zmq_socket(ctx, ZMQ_PUB));
    TU_ASSERT(pub != NULL);
    KEEP(sub = zmq_socket(ctx, ZMQ_SUB));
    TU_ASSERT(sub != NULL);
    v = 0;
    LIBZMQ_CHANGES(rc = zmq_setsockopt(pub, ZMQ_LINGER, &v, sizeof v));
    TU_EQ_INT(rc, 0);
    LIBZMQ_CHANGES(rc = zmq_bind(pub, "tcp://127.0.0.1:*"));
    TU_EQ_INT(rc, 0);
    len = sizeof ep;
    KEEP(rc = zmq_getsockopt(pub, ZMQ_LAST_ENDPOINT, ep, &len));
    TU_EQ_INT(rc, 0);
    LIBZMQ_CHANGES(rc = zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0));
    TU_EQ_INT(rc, 0);
    LIBZMQ_CHANGES(rc = zmq_connect(sub, ep));
    TU_EQ_INT(rc, 0);
    LIBZMQ_CHANGES(rc = zmq_disconnect(sub, ep));
    TU_EQ_INT(rc, 0);
    LIBZMQ_CHANGES(rc = zmq_unbind(pub, ep));
    TU_EQ_INT(rc, 0);
    KEEP(rc = zmq_close(sub));
    TU_EQ_INT(rc, 0);
    KEEP(rc = zmq_close(pub));
    TU_EQ_INT(rc, 0);

    KEEP(rc = zmq_close(a));
    TU_EQ_INT(rc, 0);
    KEEP(rc = zmq_close(b));
    TU_EQ_INT(rc, 0);
    KEEP(rc = zmq_ctx_shutdown(ctx));
    TU_EQ_INT(rc, 0);
    KEEP(rc = zmq_ctx_term(ctx));
    TU_EQ_INT(rc, 0);

    /* legacy context */
    LIBZMQ_CHANGES(ctx = zmq_init(1));
    TU_ASSERT(ctx != NULL);
    KEEP(rc = zmq_term(ctx));
    TU_EQ_INT(rc, 0);

    /* Z85 (libzmq's test_base85 asserts errno == 0 here) */
    KEEP(rc = zmq_z85_encode(z85, key, sizeof key) != NULL);
    TU_EQ_INT(rc, 1);
    KEEP(rc = zmq_z85_decode(decoded, z85) != NULL);
    TU_EQ_INT(rc, 1);
    TU_ASSERT(memcmp(decoded, key, sizeof key) == 0);

    /* utilities */
    KEEP(zmq_version(&major, &minor, &patch));
    TU_EQ_INT(major, 4);
    KEEP(rc = zmq_has("ipc"));
    TU_EQ_INT(rc, 1);
    KEEP(rc = zmq_has("no-such-capability"));
    TU_EQ_INT(rc, 0);
    KEEP(rc = zmq_strerror(EINVAL) != NULL);
    TU_EQ_INT(rc, 1);
    KEEP(rc = zmq_strerror(ETERM) != NULL);
    TU_EQ_INT(rc, 1);
    KEEP(counter = zmq_atomic_counter_new());
    TU_ASSERT(counter != NULL);
    KEEP(zmq_atomic_counter_set(counter, 2));
    KEEP(rc = zmq_atomic_counter_inc(counter));
    TU_EQ_INT(rc, 2);
    KEEP(rc = zmq_atomic_counter_dec(counter));
    TU_EQ_INT(rc, 1);
    KEEP(rc = zmq_atomic_counter_value(counter));
    TU_EQ_INT(rc, 2);
    KEEP(zmq_atomic_counter_destroy(&counter));
    TU_ASSERT(counter == NULL);
    KEEP(watch = zmq_stopwatch_start());
    TU_ASSERT(watch != NULL);
    KEEP((void)zmq_stopwatch_intermediate(watch));
    KEEP((void)zmq_stopwatch_stop(watch));
    KEEP(zmq_sleep(0));
}

int main(void)
{
    TU_START();
    round_(0);
    round_(12345);
    return 0;
}
