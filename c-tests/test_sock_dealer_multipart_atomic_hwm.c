/* Multipart messages are atomic at the high-water mark: the HWM counts
 * whole messages and is checked on the first frame only, so a DEALER at
 * the HWM refuses the first frame (EAGAIN with ZMQ_DONTWAIT, and the
 * caller keeps the message), never a later one; the receiver only ever
 * sees complete messages.  inproc (SNDHWM 1 + RCVHWM 1: exactly two 3-frame
 * messages fit) and tcp (a fuzzy amount, kernel buffers included, of
 * 3 x 32 KB messages; every one accepted arrives whole and in order). */
#include "testutil.h"

#define BIG (32 * 1024)

static char frame[BIG];

/* Send message k as three frames; returns 0, or -1 if the FIRST frame was
 * refused with EAGAIN (any other failure fails the test). */
static int send3(void *s, int k, size_t len)
{
    int i;
    for (i = 0; i < 3; i++) {
        int rc;
        memset(frame, 'a' + i, len);
        memcpy(frame, &k, sizeof k);
        rc = zmq_send(s, frame, len, ZMQ_DONTWAIT | (i < 2 ? ZMQ_SNDMORE : 0));
        if (rc == -1 && i == 0 && zmq_errno() == EAGAIN)
            return -1;
        TU_ASSERT_MSG(rc == (int)len, "message %d frame %d: rc %d", k, i, rc);
    }
    return 0;
}

static void recv3(void *s, int k, size_t len)
{
    int i;
    for (i = 0; i < 3; i++) {
        int rc = zmq_recv(s, frame, BIG, 0), got;
        TU_ASSERT_MSG(rc == (int)len, "message %d frame %d: rc %d", k, i, rc);
        memcpy(&got, frame, sizeof got);
        TU_EQ_INT(got, k);
        TU_EQ_INT(frame[len - 1], 'a' + i);
        TU_EQ_INT(tu_get_int(s, ZMQ_RCVMORE), i < 2);
    }
}

static void run(const char *transport, size_t len)
{
    void *ctx, *snd, *rcv;
    char ep[256];
    int n = 0;
    zmq_msg_t m;

    ctx = tu_ctx();
    snd = tu_socket(ctx, ZMQ_DEALER);
    rcv = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(snd, ZMQ_SNDHWM, 1);
    tu_set_int(rcv, ZMQ_RCVHWM, 1);
    tu_bind_any(rcv, transport, ep, sizeof ep);
    TU_OK(zmq_connect(snd, ep));
    /* make sure the connection is up (tcp) */
    tu_send_str(snd, "hello", 0);
    tu_recv_str(rcv, "hello", 0);
    /* ZMQ_EVENTS makes the sender process pending commands, among them the
     * receiver's "read one message" credit for "hello" */
    (void)tu_get_int(snd, ZMQ_EVENTS);

    while (n < 10000 && send3(snd, n, len) == 0)
        n++;
    TU_ASSERT_MSG(n < 10000, "HWM never reached");
    if (strcmp(transport, "inproc") == 0)
        TU_EQ_INT(n, 2);

    /* a refused message stays with the caller */
    TU_OK(zmq_msg_init_size(&m, 4));
    memcpy(zmq_msg_data(&m), "kept", 4);
    TU_ERR(zmq_msg_send(&m, snd, ZMQ_DONTWAIT | ZMQ_SNDMORE), EAGAIN);
    TU_EQ_INT(zmq_msg_size(&m), 4);
    TU_ASSERT(memcmp(zmq_msg_data(&m), "kept", 4) == 0);
    TU_OK(zmq_msg_close(&m));

    {
        int k;
        for (k = 0; k < n; k++)
            recv3(rcv, k, len);
    }
    TU_ASSERT(!tu_wait_readable(rcv, 100));

    TU_OK(zmq_close(snd));
    TU_OK(zmq_close(rcv));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    TU_START();
    run("inproc", 8);
    run("tcp", BIG);
    return 0;
}
