/* Context thread options take effect on the I/O threads, which start with
 * the first socket: ZMQ_THREAD_AFFINITY_CPU_ADD pins them (Cpus_allowed in
 * /proc/self/task/TID/status), ZMQ_THREAD_NAME_PREFIX prefixes their names
 * ("7/ZMQbg/IO/0", cut by the kernel to 15 bytes) and
 * ZMQ_THREAD_SCHED_POLICY / ZMQ_THREAD_PRIORITY set their policy.  Without
 * a prefix the first I/O thread is "ZMQbg/IO/0". */
#include "testutil.h"
#include <dirent.h>
#include <sched.h>

/* Finds the thread of this process named `name`; its tid, or -1. */
static int find_thread(const char *name)
{
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    int tid = -1;
    TU_ASSERT(d != NULL);
    while ((e = readdir(d)) != NULL) {
        char path[300], comm[64] = "";
        FILE *f;
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "/proc/self/task/%s/comm", e->d_name);
        f = fopen(path, "r");
        if (!f)
            continue;
        if (fgets(comm, sizeof comm, f))
            comm[strcspn(comm, "\n")] = '\0';
        fclose(f);
        if (strcmp(comm, name) == 0)
            tid = atoi(e->d_name);
    }
    closedir(d);
    return tid;
}

/* Waits (bounded) for the thread named `name`: threads name themselves
 * once they run.  Its tid, or -1. */
static int wait_thread(const char *name)
{
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    int tid;
    while ((tid = find_thread(name)) < 0 && tu_now_ms() < deadline)
        tu_sleep_ms(5);
    return tid;
}

/* The Cpus_allowed_list line of a thread, into `out`. */
static void cpus_allowed(int tid, char *out, size_t n)
{
    char path[128], line[256];
    FILE *f;
    out[0] = '\0';
    snprintf(path, sizeof path, "/proc/self/task/%d/status", tid);
    f = fopen(path, "r");
    TU_ASSERT(f != NULL);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "Cpus_allowed_list:", 18) == 0) {
            const char *v = line + 18;
            while (*v == ' ' || *v == '\t')
                v++;
            snprintf(out, n, "%s", v);
            out[strcspn(out, "\n")] = '\0';
        }
    fclose(f);
}

int main(void)
{
    void *ctx, *s;
    int tid;
    char cpus[256];
    TU_START();

    /* Defaults: "ZMQbg/IO/0". */
    ctx = tu_ctx();
    s = tu_socket(ctx, ZMQ_PUSH);
    tid = wait_thread("ZMQbg/IO/0");
    TU_ASSERT_MSG(tid > 0, "no I/O thread named ZMQbg/IO/0");
    TU_OK(zmq_close(s));
    TU_OK(zmq_ctx_term(ctx));

    /* Prefix and affinity. */
    ctx = tu_ctx();
    TU_OK(zmq_ctx_set(ctx, ZMQ_THREAD_NAME_PREFIX, 7));
    TU_OK(zmq_ctx_set(ctx, ZMQ_THREAD_AFFINITY_CPU_ADD, 0));
    s = tu_socket(ctx, ZMQ_PUSH);
    tid = wait_thread("7/ZMQbg/IO/0");
    TU_ASSERT_MSG(tid > 0, "no I/O thread named 7/ZMQbg/IO/0");
    cpus_allowed(tid, cpus, sizeof cpus);
    TU_ASSERT_MSG(strcmp(cpus, "0") == 0, "I/O thread may run on CPUs %s", cpus);
    TU_OK(zmq_close(s));
    TU_OK(zmq_ctx_term(ctx));

    /* An explicit policy: SCHED_OTHER with priority 0 (allowed unprivileged). */
    ctx = tu_ctx();
    TU_OK(zmq_ctx_set(ctx, ZMQ_THREAD_SCHED_POLICY, SCHED_OTHER));
    TU_OK(zmq_ctx_set(ctx, ZMQ_THREAD_PRIORITY, 0));
    TU_EQ_INT(zmq_ctx_get(ctx, ZMQ_THREAD_SCHED_POLICY), SCHED_OTHER);
    s = tu_socket(ctx, ZMQ_PUSH);
    tid = wait_thread("ZMQbg/IO/0");
    TU_ASSERT(tid > 0);
    TU_EQ_INT(sched_getscheduler(tid), SCHED_OTHER);
    TU_OK(zmq_close(s));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
