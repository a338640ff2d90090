/* Heartbeats between this library and the real libzmq (Debian's pyzmq on
 * the system libzmq 4.3, a child process): run on the system library too,
 * where both sides are libzmq.
 *  1. Both sides heartbeat (IVL 50 ms, TIMEOUT 300, TTL 1 s): an idle
 *     connection of 1.5 s stays up on both sides (PINGs answered by
 *     PONGs), messages still flow; when the libzmq peer is frozen
 *     (SIGSTOP) we drop it (DISCONNECTED).
 *  2. Our side (a forked child) sends PINGs with TTL 500 ms; the libzmq
 *     peer has no heartbeat options of its own: when our child is frozen
 *     libzmq drops it by the TTL our PINGs announced. */
#include "testutil.h"
#include "netutil.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>

static const char *PY =
    "import sys, time, zmq\n"
    "from zmq.utils.monitor import recv_monitor_message\n"
    "mode, ep = sys.argv[1], sys.argv[2]\n"
    "ctx = zmq.Context()\n"
    "s = ctx.socket(zmq.DEALER)\n"
    "s.linger = 0\n"
    "if mode == 'both':\n"
    "    s.setsockopt(zmq.HEARTBEAT_IVL, 50)\n"
    "    s.setsockopt(zmq.HEARTBEAT_TIMEOUT, 300)\n"
    "    s.setsockopt(zmq.HEARTBEAT_TTL, 1000)\n"
    "m = s.get_monitor_socket(zmq.EVENT_HANDSHAKE_SUCCEEDED | "
    "zmq.EVENT_DISCONNECTED)\n"
    "s.connect(ep)\n"
    "if not m.poll(10000): print('no handshake', flush=True); sys.exit(1)\n"
    "recv_monitor_message(m)\n"
    "if mode == 'both':\n"
    "    s.send(b'hello')\n"
    "    if m.poll(1500): print('disconnected while idle', flush=True); "
    "sys.exit(1)\n"
    "    s.send(b'still')\n"
    "    s.rcvtimeo = 10000\n"
    "    if s.recv() != b'bye': sys.exit(1)\n"
    "    print('ok', flush=True)\n"
    "    time.sleep(60)\n"
    "else:\n"
    "    print('up', flush=True)\n"
    "    t0 = time.monotonic()\n"
    "    if not m.poll(10000): print('never dropped', flush=True); "
    "sys.exit(1)\n"
    "    ev = recv_monitor_message(m)\n"
    "    print('dropped %d %d' % (ev['event'], (time.monotonic() - t0) * "
    "1000), flush=True)\n";

/* Starts python3 (system libzmq: LD_LIBRARY_PATH removed) with the
 * script; its stdout is returned through *out. */
static pid_t spawn_py(const char *mode, const char *ep, int *out)
{
    int p[2];
    pid_t pid;
    TU_ASSERT(pipe(p) == 0);
    pid = fork();
    TU_ASSERT(pid >= 0);
    if (pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        unsetenv("LD_LIBRARY_PATH");
        unsetenv("LD_PRELOAD");
        execl("/usr/bin/python3", "python3", "-c", PY, mode, ep,
              (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    *out = p[0];
    return pid;
}

/* One line from fd (bounded by TU_TIMEOUT_MS). */
static void read_line(int fd, char *buf, size_t len)
{
    size_t n = 0;
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    while (n + 1 < len) {
        struct pollfd p = {fd, POLLIN, 0};
        char c;
        int left = (int)(deadline - tu_now_ms());
        TU_ASSERT_MSG(left > 0, "python peer: no line (got '%.*s')", (int)n,
                      buf);
        if (poll(&p, 1, left) <= 0)
            continue;
        if (read(fd, &c, 1) != 1)
            break;
        if (c == '\n')
            break;
        buf[n++] = c;
    }
    buf[n] = '\0';
}

static void both_sides(void)
{
    void *ctx, *s, *m;
    char ep[256], mep[256], line[256];
    int out, ev, status;
    int64_t t0;
    pid_t py;
    ctx = tu_ctx();
    s = tu_socket(ctx, ZMQ_DEALER);
    tu_set_int(s, ZMQ_HEARTBEAT_IVL, 50);
    tu_set_int(s, ZMQ_HEARTBEAT_TIMEOUT, 300);
    tu_set_int(s, ZMQ_HEARTBEAT_TTL, 1000);
    tu_set_int(s, ZMQ_RCVTIMEO, TU_TIMEOUT_MS);
    tu_inproc_endpoint(mep, sizeof mep);
    TU_OK(zmq_socket_monitor(s, mep, ZMQ_EVENT_DISCONNECTED));
    m = tu_socket(ctx, ZMQ_PAIR);
    TU_OK(zmq_connect(m, mep));
    tu_bind_any(s, "tcp", ep, sizeof ep);
    py = spawn_py("both", ep, &out);
    tu_recv_str(s, "hello", 0);
    tu_recv_str(s, "still", 0);
    TU_EQ_INT(nu_mon_next(m, 0), -1);
    tu_send_str(s, "bye", 0);
    read_line(out, line, sizeof line);
    TU_EQ_STR(line, "ok");
    /* freeze the libzmq peer: it no longer answers our PINGs */
    TU_ASSERT(kill(py, SIGSTOP) == 0);
    t0 = tu_now_ms();
    ev = nu_mon_next(m, TU_TIMEOUT_MS);
    printf("frozen libzmq peer dropped after %lld ms (timeout 300)\n",
           (long long)(tu_now_ms() - t0));
    TU_EQ_INT(ev, ZMQ_EVENT_DISCONNECTED);
    kill(py, SIGKILL);
    kill(py, SIGCONT);
    waitpid(py, &status, 0);
    close(out);
    TU_OK(zmq_socket_monitor(s, NULL, 0));
    TU_OK(zmq_close(m));
    TU_OK(zmq_close(s));
    TU_OK(zmq_ctx_term(ctx));
}

/* The child: a DEALER announcing TTL 500 ms in PINGs every 50 ms. */
static void ttl_child(int wfd)
{
    void *ctx = zmq_ctx_new(), *s = zmq_socket(ctx, ZMQ_DEALER);
    char ep[256], b[8];
    size_t len = sizeof ep - 1;
    int v = 50;
    zmq_setsockopt(s, ZMQ_HEARTBEAT_IVL, &v, sizeof v);
    v = 500;
    zmq_setsockopt(s, ZMQ_HEARTBEAT_TTL, &v, sizeof v);
    v = 0;
    zmq_setsockopt(s, ZMQ_HEARTBEAT_TIMEOUT, &v, sizeof v);
    if (zmq_bind(s, "tcp://127.0.0.1:*") != 0 ||
        zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, ep, &len) != 0)
        _exit(1);
    strcat(ep, "\n");
    if (write(wfd, ep, strlen(ep)) < 0)
        _exit(1);
    v = 30000;
    zmq_setsockopt(s, ZMQ_RCVTIMEO, &v, sizeof v);
    zmq_recv(s, b, sizeof b, 0);
    _exit(0);
}

static void our_ttl(void)
{
    int p[2], out, status;
    pid_t child, py;
    char ep[256], line[256];
    int n = 0, ev = 0, ms = 0;
    TU_ASSERT(pipe(p) == 0);
    child = fork();
    TU_ASSERT(child >= 0);
    if (child == 0) {
        close(p[0]);
        ttl_child(p[1]);
    }
    close(p[1]);
    read_line(p[0], ep, sizeof ep);
    close(p[0]);
    TU_ASSERT(strncmp(ep, "tcp://", 6) == 0);
    py = spawn_py("ttl", ep, &out);
    read_line(out, line, sizeof line);
    TU_EQ_STR(line, "up");
    tu_sleep_ms(200); /* a few PINGs arrive, announcing the TTL */
    TU_ASSERT(kill(child, SIGSTOP) == 0);
    read_line(out, line, sizeof line);
    n = sscanf(line, "dropped %d %d", &ev, &ms);
    printf("libzmq peer: '%s' after our side froze (TTL 500 ms)\n", line);
    TU_ASSERT_MSG(n == 2 && ev == ZMQ_EVENT_DISCONNECTED, "python: '%s'",
                  line);
    kill(child, SIGKILL);
    kill(child, SIGCONT);
    waitpid(child, &status, 0);
    waitpid(py, &status, 0);
    close(out);
}

int main(void)
{
    TU_START();
    if (system("/usr/bin/python3 -c 'import zmq' 2>/dev/null") != 0) {
        TU_ASSERT_MSG(system("apt-get install -y -qq python3-zmq "
                             ">/dev/null 2>&1") == 0,
                      "cannot install python3-zmq");
    }
    signal(SIGPIPE, SIG_IGN);
    our_ttl();
    both_sides();
    return 0;
}
