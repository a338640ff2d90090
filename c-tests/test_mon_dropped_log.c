/* Monitor events nobody can read.  libzmq blocks the connection's I/O
 * thread until someone reads the monitor socket; ferromq never blocks: it
 * drops the event and counts it, and with FERROMQ_LOG_MONITOR_DROPS set it
 * prints the count to stderr when the monitor stops (the Rust API has
 * Socket::monitor_events_dropped).  Here a socket monitored with no reader
 * binds tcp and ipc (two LISTENING), then closes (two CLOSED, and
 * MONITOR_STOPPED): five events dropped, and the program goes on.  On the
 * system libzmq the scenario would block forever, so it only checks that a
 * monitor with a reader gets LISTENING (the log is ferromq's own). */
#include "testutil.h"

#include <poll.h>
#include <sys/wait.h>

static void child(void)
{
    void *ctx = zmq_ctx_new(), *s = zmq_socket(ctx, ZMQ_DEALER);
    char ep[256];
    int zero = 0;
    zmq_setsockopt(s, ZMQ_LINGER, &zero, sizeof zero);
    if (zmq_socket_monitor(s, "inproc://nobody-reads", ZMQ_EVENT_ALL) != 0)
        _exit(2);
    if (zmq_bind(s, "tcp://127.0.0.1:*") != 0)
        _exit(3);
    tu_ipc_endpoint(ep, sizeof ep);
    if (zmq_bind(s, ep) != 0)
        _exit(4);
    zmq_close(s);
    zmq_ctx_term(ctx);
    unlink(ep + 6);
    _exit(0);
}

int main(void)
{
    int p[2], status;
    char buf[512];
    size_t n = 0;
    pid_t pid;
    int64_t deadline;
    TU_START();
    if (!tu_lib_is_ferromq()) {
        void *ctx = tu_ctx(), *s = tu_socket(ctx, ZMQ_DEALER), *m;
        char ep[256], mep[256];
        zmq_msg_t f;
        tu_inproc_endpoint(mep, sizeof mep);
        TU_OK(zmq_socket_monitor(s, mep, ZMQ_EVENT_LISTENING));
        m = tu_socket(ctx, ZMQ_PAIR);
        TU_OK(zmq_connect(m, mep));
        tu_bind_any(s, "tcp", ep, sizeof ep);
        TU_OK(zmq_msg_init(&f));
        TU_ASSERT(zmq_msg_recv(&f, m, 0) == 6);
        TU_OK(zmq_msg_close(&f));
        TU_OK(zmq_socket_monitor(s, NULL, 0));
        TU_OK(zmq_close(m));
        TU_OK(zmq_close(s));
        TU_OK(zmq_ctx_term(ctx));
        return 0;
    }
    TU_ASSERT(pipe(p) == 0);
    pid = fork();
    TU_ASSERT(pid >= 0);
    if (pid == 0) {
        dup2(p[1], 2);
        close(p[0]);
        close(p[1]);
        setenv("FERROMQ_LOG_MONITOR_DROPS", "1", 1);
        child();
    }
    close(p[1]);
    deadline = tu_now_ms() + TU_TIMEOUT_MS;
    for (;;) {
        struct pollfd q = {p[0], POLLIN, 0};
        ssize_t r;
        int left = (int)(deadline - tu_now_ms());
        TU_ASSERT_MSG(left > 0, "child still running");
        if (poll(&q, 1, left) <= 0)
            continue;
        r = read(p[0], buf + n, sizeof buf - 1 - n);
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    close(p[0]);
    TU_ASSERT(waitpid(pid, &status, 0) == pid);
    TU_ASSERT_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "child status %d", status);
    printf("child's stderr: %s", buf);
    TU_ASSERT_MSG(strstr(buf, "5 events dropped") != NULL, "stderr: '%s'",
                  buf);
    return 0;
}
