/* The options libzmq's socket_base answers itself (ZMQ_RCVMORE, ZMQ_EVENTS,
 * ZMQ_FD, ZMQ_THREAD_SAFE) take any buffer of at least sizeof(int): the
 * int is written at the start, the rest of the buffer is zeroed and the
 * length comes back as sizeof(int) (libzmq's do_getsockopt).  A buffer
 * smaller than an int is EINVAL.  (Options stored in options_t, ZMQ_TYPE
 * for one, still want exactly sizeof(int): test_err_option_size.) */
#include "testutil.h"

/* Reads option opt into an 8-byte buffer pre-filled with 0xAA. */
static int64_t get_wide(void *s, int opt)
{
    unsigned char buf[8];
    int64_t v;
    size_t len = sizeof buf;
    int i;
    memset(buf, 0xAA, sizeof buf);
    TU_OK(zmq_getsockopt(s, opt, buf, &len));
    TU_EQ_INT(len, sizeof(int));
    for (i = (int)sizeof(int); i < (int)sizeof buf; i++)
        TU_ASSERT_MSG(buf[i] == 0, "option %d: byte %d is 0x%02x, not zeroed",
                      opt, i, buf[i]);
    memcpy(&v, buf, sizeof v);
    return v;
}

int main(void)
{
    void *ctx, *a, *b;
    char ep[256];
    size_t len;
    int64_t v;
    short small;
    TU_START();

    ctx = tu_ctx();
    a = tu_socket(ctx, ZMQ_PAIR);
    b = tu_socket(ctx, ZMQ_PAIR);
    tu_bind_any(a, "inproc", ep, sizeof ep);
    TU_OK(zmq_connect(b, ep));

    /* nothing received yet: RCVMORE 0; EVENTS: POLLOUT only */
    TU_EQ_INT(get_wide(a, ZMQ_RCVMORE), 0);
    TU_EQ_INT(get_wide(b, ZMQ_EVENTS), ZMQ_POLLOUT);

    tu_send_str(b, "one", ZMQ_SNDMORE);
    tu_send_str(b, "two", 0);
    TU_ASSERT(tu_wait_readable(a, TU_TIMEOUT_MS));
    TU_EQ_INT(get_wide(a, ZMQ_EVENTS), ZMQ_POLLIN | ZMQ_POLLOUT);
    {
        char buf[16];
        TU_EQ_INT(zmq_recv(a, buf, sizeof buf, 0), 3);
    }
    TU_EQ_INT(get_wide(a, ZMQ_RCVMORE), 1);
    tu_recv_str(a, "two", 0);
    TU_EQ_INT(get_wide(a, ZMQ_RCVMORE), 0);

    /* ZMQ_FD and ZMQ_THREAD_SAFE are answered the same way */
    v = get_wide(a, ZMQ_FD);
    TU_ASSERT_MSG(v >= 0, "ZMQ_FD %lld", (long long)v);
    TU_EQ_INT(get_wide(a, ZMQ_THREAD_SAFE), 0);

    /* A buffer of exactly an int still works; a smaller one is EINVAL. */
    TU_EQ_INT(tu_get_int(a, ZMQ_RCVMORE), 0);
    TU_EQ_INT(tu_get_int(a, ZMQ_EVENTS), ZMQ_POLLOUT);
    len = sizeof small;
    TU_ERR(zmq_getsockopt(a, ZMQ_RCVMORE, &small, &len), EINVAL);
    len = sizeof small;
    TU_ERR(zmq_getsockopt(a, ZMQ_EVENTS, &small, &len), EINVAL);

    TU_OK(zmq_close(a));
    TU_OK(zmq_close(b));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
