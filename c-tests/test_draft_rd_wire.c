/* RADIO/DISH on the wire, byte for byte, against a raw ZMTP peer (plain
 * BSD sockets): a DISH sends JOIN and LEAVE as commands ("\4JOIN" /
 * "\5LEAVE" + group), takes a RADIO's message as a group frame with MORE
 * then the body, and drops a peer whose group frame lacks MORE or is over
 * 255 bytes. A RADIO sends a joined group's messages as group frame +
 * body. On ferromq a JOIN with a 256-byte group drops that peer and the
 * RADIO carries on (libzmq 4.3.5 aborts the process there). */
#include "rd_util.h"
#include "rawzmtp.h"

static int raw_peer(const char *ep, const char *type)
{
    unsigned char g[64], buf[128];
    int fd = w_connect(ep);
    w_greeting(g, 3, 1, "NULL");
    w_send(fd, g, sizeof g);
    w_read_greeting(fd);
    w_send(fd, buf, w_ready(buf, type));
    w_read_ready(fd);
    return fd;
}

/* The socket attaches a new connection's pipe (and a DISH sends its
 * joins) when its thread next calls into the library: do so until the raw
 * peer has something to read. */
static void pump(int fd, void *s)
{
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    struct pollfd p;
    int ev;
    size_t sz = sizeof ev;
    p.fd = fd;
    p.events = POLLIN;
    do {
        TU_ASSERT_MSG(tu_now_ms() < deadline, "nothing from the zmq side");
        TU_OK(zmq_getsockopt(s, ZMQ_EVENTS, &ev, &sz));
        p.revents = 0;
    } while (poll(&p, 1, 20) <= 0);
}

static void expect_frame(int fd, int flags, const char *bytes, size_t n)
{
    unsigned char body[512];
    size_t len;
    int f = w_read_frame(fd, body, sizeof body, &len);
    TU_ASSERT_MSG(f == flags && len == n && memcmp(body, bytes, n) == 0,
                  "frame flags %02x len %zu, want %02x len %zu", f, len, flags, n);
}

int main(void)
{
    char ep[64];
    unsigned char big[300];
    void *ctx, *dish, *radio;
    int fd;
    TU_START();
    ctx = tu_ctx();

    /* ---- our DISH, a raw RADIO ---- */
    dish = tu_socket(ctx, ZMQ_DISH);
    tu_bind_tcp(dish, ep, sizeof ep);
    TU_OK(zmq_join(dish, "g"));
    fd = raw_peer(ep, "RADIO");
    pump(fd, dish);
    expect_frame(fd, 0x04, "\4JOINg", 6);
    w_send(fd, "\x01\x01g\x00\x02hi", 7);
    rd_expect(dish, "g", "hi");
    TU_OK(zmq_leave(dish, "g"));
    expect_frame(fd, 0x04, "\5LEAVEg", 7);
    TU_OK(zmq_join(dish, "g"));
    expect_frame(fd, 0x04, "\4JOINg", 6);
    /* a group frame without MORE: the connection goes */
    w_send(fd, "\x00\x01g", 3);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS), "peer kept after a lone group frame");
    close(fd);
    /* a 256-byte group frame: the connection goes */
    fd = raw_peer(ep, "RADIO");
    pump(fd, dish);
    expect_frame(fd, 0x04, "\4JOINg", 6);
    big[0] = 0x03; /* MORE | LONG */
    memset(big + 1, 0, 8);
    big[7] = 1; /* 256 */
    memset(big + 9, 'g', 256);
    w_send(fd, big, 9 + 256);
    w_send(fd, "\x00\x01x", 3);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS), "peer kept after a 256-byte group");
    close(fd);
    rd_expect_none(dish);
    TU_OK(zmq_close(dish));

    /* ---- our RADIO, raw DISHes ---- */
    radio = tu_socket(ctx, ZMQ_RADIO);
    tu_bind_tcp(radio, ep, sizeof ep);
    if (tu_lib_is_ferromq()) {
        fd = raw_peer(ep, "DISH");
        big[0] = 0x06; /* COMMAND | LONG */
        memset(big + 1, 0, 8);
        big[7] = 1; /* "\4JOIN" + 256 bytes = 261 = 0x105 */
        big[8] = 5;
        memcpy(big + 9, "\4JOIN", 5);
        memset(big + 14, 'g', 256);
        w_send(fd, big, 9 + 261);
        TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS), "peer kept after a 256-byte JOIN");
        close(fd);
    }
    fd = raw_peer(ep, "DISH");
    w_send(fd, "\x04\x06\4JOINg", 8);
    {
        int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
        struct pollfd p;
        p.fd = fd;
        p.events = POLLIN;
        do {
            TU_ASSERT_MSG(tu_now_ms() < deadline, "nothing from the RADIO");
            rd_send(radio, "other", "not joined");
            rd_send(radio, "g", "x");
            p.revents = 0;
        } while (poll(&p, 1, 20) <= 0);
    }
    expect_frame(fd, 0x01, "g", 1);
    expect_frame(fd, 0x00, "x", 1);
    close(fd);
    TU_OK(zmq_close(radio));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
