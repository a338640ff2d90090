/* ZMQ_BINDTODEVICE applies SO_BINDTODEVICE to the tcp sockets the library
 * opens: the listener of a bind and the socket of each connect attempt
 * (the descriptors LISTENING and CONNECTED report carry it).  With "lo"
 * traffic flows over loopback.  A name that is no interface: zmq_bind
 * fails with ENODEV (BIND_FAILED, value ENODEV, no CLOSED: the socket is
 * dropped before it was bound); zmq_connect succeeds, but every attempt
 * fails before connecting: CONNECT_RETRIED again and again, no
 * CONNECT_DELAYED, nothing delivered.  ipc ignores the option.  (Needs
 * root before Linux 5.7; the tests run as root.) */
#include "testutil.h"
#include "netutil.h"

static void expect_device(int fd, const char *want)
{
    char dev[32];
    socklen_t l = sizeof dev;
    memset(dev, 0, sizeof dev);
    TU_OK(getsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, &l));
    TU_EQ_STR(dev, want);
}

int main(void)
{
    void *ctx, *pull, *push, *mp, *mc, *bad, *badc, *mb, *ipc;
    char ep[256], buf[64], iep[256];
    size_t l = sizeof buf;
    uint32_t fd;
    int i, ev;
    int64_t deadline;
    TU_START();

    ctx = tu_ctx();
    pull = tu_socket(ctx, ZMQ_PULL);
    push = tu_socket(ctx, ZMQ_PUSH);
    TU_OK(zmq_setsockopt(pull, ZMQ_BINDTODEVICE, "lo", 2));
    TU_OK(zmq_setsockopt(push, ZMQ_BINDTODEVICE, "lo", 2));
    TU_OK(zmq_getsockopt(push, ZMQ_BINDTODEVICE, buf, &l));
    TU_EQ_STR(buf, "lo");
    mp = nu_mon_start(ctx, pull, ZMQ_EVENT_LISTENING);
    mc = nu_mon_start(ctx, push, ZMQ_EVENT_CONNECTED);
    tu_bind_tcp(pull, ep, sizeof ep);
    fd = nu_mon_expect(mp, ZMQ_EVENT_LISTENING, ep);
    expect_device((int)fd, "lo");
    TU_OK(zmq_connect(push, ep));
    fd = nu_mon_expect(mc, ZMQ_EVENT_CONNECTED, ep);
    expect_device((int)fd, "lo");
    tu_send_str(push, "bound to lo", 0);
    tu_recv_str(pull, "bound to lo", 0);

    /* No such interface: the bind fails. */
    bad = tu_socket(ctx, ZMQ_PULL);
    TU_OK(zmq_setsockopt(bad, ZMQ_BINDTODEVICE, "nosuchdev0", 10));
    TU_ERR(zmq_bind(bad, "tcp://127.0.0.1:*"), ENODEV);
    /* Again with a monitor: the event carries ENODEV.  (libzmq 4.3.4 then
     * returns EAGAIN, the errno its monitor's send leaves behind; so the
     * errno is checked only on ours.) */
    mb = nu_mon_start(ctx, bad, ZMQ_EVENT_ALL);
    TU_EQ_INT(zmq_bind(bad, "tcp://127.0.0.1:*"), -1);
    if (tu_lib_is_ferromq())
        TU_EQ_INT(zmq_errno(), ENODEV);
    TU_EQ_INT(nu_mon_expect(mb, ZMQ_EVENT_BIND_FAILED, "127.0.0.1:*"),
              ENODEV);
    nu_mon_expect_none(mb, 100);
    /* ipc has no device: the option does not apply. */
    ipc = tu_socket(ctx, ZMQ_PULL);
    TU_OK(zmq_setsockopt(ipc, ZMQ_BINDTODEVICE, "nosuchdev0", 10));
    tu_bind_any(ipc, "ipc", iep, sizeof iep);

    /* ... and every connect attempt fails before connecting. */
    badc = tu_socket(ctx, ZMQ_PUSH);
    tu_set_int(badc, ZMQ_RECONNECT_IVL, 20);
    TU_OK(zmq_setsockopt(badc, ZMQ_BINDTODEVICE, "nosuchdev0", 10));
    TU_OK(zmq_close(mb));
    mb = nu_mon_start(ctx, badc, ZMQ_EVENT_ALL);
    TU_OK(zmq_connect(badc, ep));
    for (i = 0; i < 3; i++) {
        uint32_t ivl = nu_mon_expect(mb, ZMQ_EVENT_CONNECT_RETRIED, ep);
        TU_ASSERT_MSG(ivl >= 20 && ivl < 40, "retry interval %u", ivl);
    }
    tu_set_int(badc, ZMQ_SNDTIMEO, 0);
    tu_send_str(badc, "queued, never sent", 0);
    /* Nothing arrives (bounded wait: 300 ms, many attempts). */
    deadline = tu_now_ms() + 300;
    while (tu_now_ms() < deadline) {
        char tmp[64];
        tu_set_int(pull, ZMQ_RCVTIMEO, 50);
        ev = zmq_recv(pull, tmp, sizeof tmp, 0);
        TU_ASSERT_MSG(ev == -1 && zmq_errno() == EAGAIN,
                      "a message arrived through a nonexistent device");
    }

    TU_OK(zmq_close(mp));
    TU_OK(zmq_close(mc));
    TU_OK(zmq_close(mb));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(bad));
    TU_OK(zmq_close(badc));
    TU_OK(zmq_close(ipc));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
