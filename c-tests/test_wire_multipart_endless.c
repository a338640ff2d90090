/*
 * test_wire_multipart_endless.c - a peer that never ends a message.  After
 * a valid handshake a raw TCP peer (a PUSH) sends empty frames with MORE
 * set, 400,000 of them, to a bound PULL.  The high-water mark counts
 * messages, so no HWM stops a message that never ends.
 *   ferromq: a message may have at most 65,536 frames; the connection is
 *     dropped (ZMQ_EVENT_DISCONNECTED), the process grows by less than
 *     16 MiB, and nothing of the message is delivered.
 *   libzmq: no bound (each frame costs it ~64 bytes); what it did is
 *     printed, not checked.
 * On both, a well-behaved PUSH connecting afterwards is served.
 */
#include "peerfarm.h"

#define FRAMES 400000
#define CHUNK_FRAMES 16384

/* 1 if the peer sees the connection closed within ms. */
static int closed_within(int fd, int ms)
{
    int64_t deadline = tu_now_ms() + ms;
    char buf[4096];
    for (;;) {
        int64_t left = deadline - tu_now_ms();
        struct pollfd p = {fd, POLLIN, 0};
        ssize_t n;
        if (left <= 0)
            return 0;
        if (poll(&p, 1, (int)left) <= 0)
            continue;
        n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && (errno == ECONNRESET || errno == EPIPE)))
            return 1;
    }
}

int main(void)
{
    void *ctx, *pull, *push, *mon;
    char ep[256], mon_ep[128];
    static unsigned char chunk[2 * CHUNK_FRAMES];
    int fd, i, sent = 0, closed = 0, disconnected = 0;
    long base_kb, after_kb;
    int64_t deadline;

    TU_START();
    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    tu_bind_tcp(pull, ep, sizeof ep);
    snprintf(mon_ep, sizeof mon_ep, "inproc://endless-mon-%d", (int)getpid());
    TU_OK(zmq_socket_monitor(pull, mon_ep, ZMQ_EVENT_DISCONNECTED));
    mon = tu_socket(ctx, ZMQ_PAIR);
    TU_OK(zmq_connect(mon, mon_ep));

    fd = pf_dial_(ep);
    TU_ASSERT_MSG(fd >= 0, "connect: %s", strerror(errno));
    TU_ASSERT(pf_hello_as_(fd, "PUSH") == 0);
    TU_ASSERT_MSG(pf_handshake_(fd) == 0, "handshake: %s", strerror(errno));
    tu_sleep_ms(50);
    base_kb = pf_rss_kb();

    for (i = 0; i < CHUNK_FRAMES; i++) {
        chunk[2 * i] = 0x01; /* MORE, short, empty */
        chunk[2 * i + 1] = 0x00;
    }
    while (sent < FRAMES && !closed) {
        size_t off = 0;
        while (off < sizeof chunk) {
            ssize_t n = send(fd, chunk + off, sizeof chunk - off, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && (errno == EPIPE || errno == ECONNRESET)) {
                closed = 1;
                break;
            }
            TU_ASSERT_MSG(n > 0, "raw send: %s", strerror(errno));
            off += (size_t)n;
        }
        sent += (int)(off / 2);
    }
    if (!closed)
        closed = closed_within(fd, tu_lib_is_ferromq() ? 5000 : 1000);
    tu_sleep_ms(100);
    after_kb = pf_rss_kb();
    printf("%s: %d frames of one message sent, connection %s, RSS +%ld KiB\n",
           tu_lib_name(), sent, closed ? "dropped" : "still open",
           after_kb - base_kb);

    /* Nothing of the message may reach the application. */
    TU_ERR(zmq_recv(pull, chunk, sizeof chunk, ZMQ_DONTWAIT), EAGAIN);
    if (tu_lib_is_ferromq()) {
        TU_ASSERT_MSG(closed, "the endless message was not cut off");
        TU_ASSERT_MSG(after_kb - base_kb < 16 * 1024,
                      "the process grew by %ld KiB", after_kb - base_kb);
        tu_set_int(mon, ZMQ_RCVTIMEO, TU_TIMEOUT_MS);
        {
            unsigned char ev[6];
            char addr[256];
            uint16_t event;
            TU_EQ_INT(zmq_recv(mon, ev, sizeof ev, 0), 6);
            TU_OK(zmq_recv(mon, addr, sizeof addr, 0));
            memcpy(&event, ev, 2);
            disconnected = event == ZMQ_EVENT_DISCONNECTED;
        }
        TU_ASSERT(disconnected);
    } else if (!closed) {
        printf("libzmq: no bound on one message (not checked on libzmq)\n");
    }

    /* A well-behaved peer is served. */
    push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "ok", 0);
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    tu_recv_str(pull, "ok", 0);
    TU_ASSERT(tu_now_ms() <= deadline);

    close(fd);
    TU_OK(zmq_socket_monitor(pull, NULL, 0));
    TU_OK(zmq_close(mon));
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
