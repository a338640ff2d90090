/* A PUSH connected over tcp reconnects by itself when its peer goes away
 * and a new peer binds the same port: traffic resumes without any call on
 * the PUSH.  RECONNECT_IVL is short so this takes milliseconds. */
#include "testutil.h"

/* Send numbered messages until pull receives one (bounded); returns the
 * number of messages sent. */
static int send_until_received(void *push, void *pull, const char *tag)
{
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    int sent = 0;
    for (;;) {
        char m[32];
        snprintf(m, sizeof m, "%s %d", tag, sent);
        /* DONTWAIT: while disconnected the queue may be full; that is fine */
        if (zmq_send(push, m, strlen(m), ZMQ_DONTWAIT) >= 0)
            sent++;
        if (tu_wait_readable(pull, 20)) {
            char buf[32];
            int rc = zmq_recv(pull, buf, sizeof buf - 1, 0);
            TU_ASSERT(rc > 0);
            return sent;
        }
        TU_ASSERT_MSG(tu_now_ms() < deadline, "%s: no message got through",
                      tag);
    }
}

int main(void)
{
    void *ctx, *push, *pull;
    char ep[256];
    int round;
    TU_START();

    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_tcp(pull, ep, sizeof ep);

    push = tu_socket(ctx, ZMQ_PUSH);
    tu_set_int(push, ZMQ_RECONNECT_IVL, 20);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "before", 0);
    tu_recv_str(pull, "before", 0);

    for (round = 0; round < 3; round++) {
        char tag[16];
        /* the binder goes away... */
        TU_OK(zmq_close(pull));
        tu_sleep_ms(50);
        /* ...and a new one binds the same explicit port */
        pull = tu_socket(ctx, ZMQ_PULL);
        tu_bind_retry(pull, ep);
        snprintf(tag, sizeof tag, "round%d", round);
        send_until_received(push, pull, tag);
        /* once reconnected, ordinary blocking traffic flows */
        tu_drain(pull);
        tu_send_str(push, "steady", 0);
        {
            /* earlier queued messages may arrive first; find "steady" */
            char buf[32];
            int rc;
            do {
                rc = zmq_recv(pull, buf, sizeof buf - 1, 0);
                TU_ASSERT(rc >= 0);
                buf[rc] = '\0';
            } while (strcmp(buf, "steady") != 0);
        }
    }

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
