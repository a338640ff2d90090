/*
 * test_pushpull_hwm_matrix.c - PUSH/PULL flow control under pressure.
 *
 * A PUSH (SNDHWM = h) streams N_MSGS (100,000) numbered 16-byte messages
 * to a PULL (RCVHWM = h) as fast as it can, for h in 1, 5, 10, 20, 1000,
 * over tcp, ipc and inproc, with either side binding.  The receiver is slower than
 * the sender, so the PULL's connection is throttled at its high-water mark
 * and released again thousands of times per case.  Every message must
 * arrive, in order, and both sides must finish: a receive that waits
 * RECV_STALL_MS for the next message fails the test (a stalled throttle
 * never reads the connection again; the bytes stay in the kernel socket).
 *
 * For tcp and ipc the sender is a child process (fork, before the parent
 * makes its context for the case, so no library thread is running at the
 * fork), as in the reproduction; for inproc it is a thread.  The
 * sender closes its socket (LINGER -1) once the receiver reports it has
 * everything (so the test checks flow control, not what a disconnect does
 * to messages in flight), then terminates its context and exits 0.
 */
/* 30 cases: about 10 s on libzmq, 20 s with the CPUs busy. */
#define TU_ALARM_S 55
#include "testutil.h"

#include <poll.h>
#include <pthread.h>
#include <sys/types.h>
#include <sys/wait.h>

/* Messages per case, as in the issue: the old throttle stalled in most
 * runs of the whole matrix at this size, in a third of them at 20,000. */
#ifndef N_MSGS
#define N_MSGS 100000
#endif
#define MSG_SIZE 16
#define RECV_STALL_MS 5000
#define CHILD_WAIT_MS 20000

static const int hwms[] = {1, 5, 10, 20, 1000};
static const char *const transports[] = {"tcp", "ipc", "inproc"};

/* N_MSGS, or fewer under valgrind (make valgrind). */
static int n_msgs_ = N_MSGS;

static pid_t child_pid_;

/* A failing check exits the parent: do not leave the sender behind. */
static void kill_child_(void)
{
    if (child_pid_ > 0) {
        kill(child_pid_, SIGKILL);
        waitpid(child_pid_, NULL, 0);
        child_pid_ = 0;
    }
}

static void fill(char *buf, int i)
{
    int k;
    memcpy(buf, &i, sizeof i);
    for (k = (int)sizeof i; k < MSG_SIZE; k++)
        buf[k] = (char)(i * 7 + k);
}

/* ---- bounded pipe i/o between parent and child --------------------- */

static int read_line_(int fd, char *buf, size_t len, int ms)
{
    size_t n = 0;
    int64_t deadline = tu_now_ms() + ms;
    while (n + 1 < len) {
        struct pollfd p = {fd, POLLIN, 0};
        int64_t left = deadline - tu_now_ms();
        ssize_t r;
        if (left <= 0 || poll(&p, 1, (int)left) <= 0)
            return -1;
        r = read(fd, buf + n, 1);
        if (r <= 0)
            return -1;
        if (buf[n] == '\n')
            break;
        n++;
    }
    buf[n] = '\0';
    return (int)n;
}

static int write_line_(int fd, const char *s)
{
    size_t n = strlen(s);
    char nl = '\n';
    return write(fd, s, n) == (ssize_t)n && write(fd, &nl, 1) == 1 ? 0 : -1;
}

/* ---- the sender ---------------------------------------------------- */

/* Sends N_MSGS numbered messages; 0 on success. */
static int send_all(void *push)
{
    char buf[MSG_SIZE];
    int i;
    for (i = 0; i < n_msgs_; i++) {
        fill(buf, i);
        if (zmq_send(push, buf, MSG_SIZE, 0) != MSG_SIZE) {
            fprintf(stderr, "sender: zmq_send #%d failed: %s\n", i,
                    zmq_strerror(zmq_errno()));
            return -1;
        }
    }
    return 0;
}

/* The child: one case's sender. Never returns. */
static void child_main(int hwm, int push_binds, int from_parent,
                       int to_parent)
{
    char ep[256];
    void *ctx, *push;
    int linger = -1, rc = 1;

    child_pid_ = 0;
    alarm(TU_ALARM_S); /* not inherited across fork */
    ctx = zmq_ctx_new();
    if (ctx == NULL)
        _exit(10);
    push = zmq_socket(ctx, ZMQ_PUSH);
    if (push == NULL)
        _exit(11);
    zmq_setsockopt(push, ZMQ_SNDHWM, &hwm, sizeof hwm);
    {
        int t = CHILD_WAIT_MS;
        zmq_setsockopt(push, ZMQ_SNDTIMEO, &t, sizeof t);
    }
    if (push_binds) {
        if (read_line_(from_parent, ep, sizeof ep, CHILD_WAIT_MS) < 0)
            _exit(12);
        if (zmq_bind(push, ep) != 0)
            _exit(13);
        {
            size_t l = sizeof ep;
            if (zmq_getsockopt(push, ZMQ_LAST_ENDPOINT, ep, &l) != 0)
                _exit(14);
        }
        if (write_line_(to_parent, ep) != 0)
            _exit(15);
    } else {
        if (read_line_(from_parent, ep, sizeof ep, CHILD_WAIT_MS) < 0)
            _exit(16);
        if (zmq_connect(push, ep) != 0)
            _exit(17);
    }
    if (send_all(push) == 0) {
        char fin[16];
        /* Keep the connection until the receiver has everything. */
        if (read_line_(from_parent, fin, sizeof fin, CHILD_WAIT_MS) >= 0 &&
            strcmp(fin, "fin") == 0)
            rc = 0;
        else
            rc = 18;
    }
    zmq_setsockopt(push, ZMQ_LINGER, &linger, sizeof linger);
    zmq_close(push);
    zmq_ctx_term(ctx);
    if (rc == 0)
        write_line_(to_parent, "closed");
    _exit(rc);
}

/* ---- the receiver --------------------------------------------------- */

static void recv_all(void *pull, const char *name)
{
    char buf[MSG_SIZE + 1];
    char want[MSG_SIZE];
    int i;
    for (i = 0; i < n_msgs_; i++) {
        int rc = zmq_recv(pull, buf, sizeof buf, 0);
        if (rc < 0)
            TU_FAIL("%s: message %d of %d did not arrive within %d ms "
                    "(receiving stalled)",
                    name, i, n_msgs_, RECV_STALL_MS);
        TU_ASSERT_MSG(rc == MSG_SIZE, "%s: message %d has %d bytes", name, i,
                      rc);
        fill(want, i);
        if (memcmp(buf, want, MSG_SIZE) != 0) {
            int got;
            memcpy(&got, buf, sizeof got);
            TU_FAIL("%s: message %d out of order or corrupt (got #%d)", name,
                    i, got);
        }
    }
}

static void *new_pull(void *ctx, int hwm)
{
    void *pull = tu_socket(ctx, ZMQ_PULL);
    tu_set_int(pull, ZMQ_RCVHWM, hwm);
    tu_set_int(pull, ZMQ_RCVTIMEO, RECV_STALL_MS);
    return pull;
}

static void case_process(int hwm, int push_binds, const char *transport,
                         const char *name)
{
    int p2c[2], c2p[2];
    char ep[256], line[64];
    void *ctx, *pull;
    int status = 0;
    int64_t deadline;
    pid_t pid;

    TU_OK(pipe(p2c));
    TU_OK(pipe(c2p));
    /* The endpoint to bind, chosen here so that ipc files are cleaned up. */
    tu_endpoint_for(transport, ep, sizeof ep);
    fflush(stdout);
    fflush(stderr);
    pid = fork();
    TU_ASSERT(pid >= 0);
    if (pid == 0) {
        close(p2c[1]);
        close(c2p[0]);
        child_main(hwm, push_binds, p2c[0], c2p[1]);
    }
    child_pid_ = pid;
    close(p2c[0]);
    close(c2p[1]);

    ctx = tu_ctx();
    pull = new_pull(ctx, hwm);
    if (push_binds) {
        TU_OK(write_line_(p2c[1], ep));
        TU_ASSERT_MSG(read_line_(c2p[0], ep, sizeof ep, CHILD_WAIT_MS) > 0,
                      "%s: the sender did not bind", name);
        TU_OK(zmq_connect(pull, ep));
    } else {
        TU_OK(zmq_bind(pull, ep));
        tu_last_endpoint(pull, ep, sizeof ep);
        TU_OK(write_line_(p2c[1], ep));
    }
    recv_all(pull, name);
    TU_OK(write_line_(p2c[1], "fin"));
    TU_ASSERT_MSG(read_line_(c2p[0], line, sizeof line, CHILD_WAIT_MS) > 0 &&
                      strcmp(line, "closed") == 0,
                  "%s: the sender did not close and terminate", name);
    deadline = tu_now_ms() + CHILD_WAIT_MS;
    while (waitpid(pid, &status, WNOHANG) == 0) {
        TU_ASSERT_MSG(tu_now_ms() < deadline, "%s: the sender did not exit",
                      name);
        tu_sleep_ms(5);
    }
    child_pid_ = 0;
    TU_ASSERT_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "%s: the sender failed (status 0x%x)", name, status);
    /* Nothing more may arrive. */
    {
        char buf[MSG_SIZE];
        TU_EQ_INT(zmq_recv(pull, buf, sizeof buf, ZMQ_DONTWAIT), -1);
    }
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    close(p2c[1]);
    close(c2p[0]);
}

struct sender_arg {
    void *push;
    int rc;
};

static void *sender_thread(void *p)
{
    struct sender_arg *a = p;
    a->rc = send_all(a->push);
    return NULL;
}

static void case_thread(int hwm, int push_binds, const char *transport,
                        const char *name)
{
    char ep[256];
    void *ctx = tu_ctx();
    void *pull = new_pull(ctx, hwm);
    void *push = tu_socket(ctx, ZMQ_PUSH);
    struct sender_arg arg;
    pthread_t th;

    tu_set_int(push, ZMQ_SNDHWM, hwm);
    tu_set_int(push, ZMQ_SNDTIMEO, CHILD_WAIT_MS);
    if (push_binds) {
        tu_bind_any(push, transport, ep, sizeof ep);
        TU_OK(zmq_connect(pull, ep));
    } else {
        tu_bind_any(pull, transport, ep, sizeof ep);
        TU_OK(zmq_connect(push, ep));
    }
    arg.push = push;
    arg.rc = -1;
    /* The push socket moves to the thread (pthread_create is a barrier). */
    TU_ASSERT(pthread_create(&th, NULL, sender_thread, &arg) == 0);
    recv_all(pull, name);
    TU_ASSERT(pthread_join(th, NULL) == 0);
    TU_ASSERT_MSG(arg.rc == 0, "%s: the sender failed", name);
    tu_set_int(push, ZMQ_LINGER, -1);
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    size_t h, t;
    int push_binds;
    TU_START();
    atexit(kill_child_);
    if (tu_under_valgrind())
        n_msgs_ = N_MSGS / 50;
    for (t = 0; t < sizeof transports / sizeof *transports; t++) {
        for (h = 0; h < sizeof hwms / sizeof *hwms; h++) {
            for (push_binds = 1; push_binds >= 0; push_binds--) {
                char name[96];
                int64_t t0 = tu_now_ms();
                snprintf(name, sizeof name, "%s hwm %d, %s binds",
                         transports[t], hwms[h], push_binds ? "PUSH" : "PULL");
                if (strcmp(transports[t], "inproc") == 0)
                    case_thread(hwms[h], push_binds, transports[t], name);
                else
                    case_process(hwms[h], push_binds, transports[t], name);
                printf("%s: %d messages in order (%d ms)\n", name, n_msgs_,
                       (int)(tu_now_ms() - t0));
            }
        }
    }
    printf("PASS\n");
    return 0;
}
