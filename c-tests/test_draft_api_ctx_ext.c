/* DRAFT zmq_ctx_set_ext / zmq_ctx_get_ext, as libzmq 4.3.5's:
 *   - a value of exactly sizeof(int) bytes is an int, for every option
 *     (zmq_ctx_set/get are these with an int); another size is EINVAL for
 *     the int options;
 *   - ZMQ_THREAD_NAME_PREFIX also takes a string of 1 to 16 bytes, which
 *     prefixes the I/O threads' names ("ab/ZMQbg/IO/0");
 *   - get_ext of the prefix copies its bytes if they fit (EINVAL if not),
 *     adds no NUL and leaves *optvallen as it was; read as an int (or with
 *     zmq_ctx_get) it is atoi() of the string; an int prefix is its digits;
 *   - a bad context is EFAULT. */
#include "testutil.h"
#include <dirent.h>

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

static int wait_thread(const char *name)
{
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    int tid;
    while ((tid = find_thread(name)) < 0 && tu_now_ms() < deadline)
        tu_sleep_ms(5);
    return tid;
}

int main(void)
{
    void *ctx, *s;
    int v;
    short sh = 1;
    long long ll = 1;
    char buf[64];
    size_t len;
    TU_START();

    TU_ERR(zmq_ctx_set_ext(NULL, ZMQ_IO_THREADS, &v, sizeof v), EFAULT);
    len = sizeof v;
    TU_ERR(zmq_ctx_get_ext(NULL, ZMQ_IO_THREADS, &v, &len), EFAULT);

    ctx = tu_ctx();
    /* An int, any int option. */
    v = 2;
    TU_OK(zmq_ctx_set_ext(ctx, ZMQ_IO_THREADS, &v, sizeof v));
    TU_EQ_INT(zmq_ctx_get(ctx, ZMQ_IO_THREADS), 2);
    v = -1;
    len = sizeof v;
    TU_OK(zmq_ctx_get_ext(ctx, ZMQ_IO_THREADS, &v, &len));
    TU_EQ_INT(v, 2);
    TU_EQ_INT(len, sizeof v);
    TU_OK(zmq_ctx_set(ctx, ZMQ_MAX_SOCKETS, 77));
    len = sizeof v;
    TU_OK(zmq_ctx_get_ext(ctx, ZMQ_MAX_SOCKETS, &v, &len));
    TU_EQ_INT(v, 77);
    v = -1;
    TU_ERR(zmq_ctx_set_ext(ctx, ZMQ_IO_THREADS, &v, sizeof v), EINVAL);
    /* other sizes are not ints */
    TU_ERR(zmq_ctx_set_ext(ctx, ZMQ_IO_THREADS, &sh, sizeof sh), EINVAL);
    TU_ERR(zmq_ctx_set_ext(ctx, ZMQ_IO_THREADS, &ll, sizeof ll), EINVAL);
    len = sizeof ll;
    TU_ERR(zmq_ctx_get_ext(ctx, ZMQ_IO_THREADS, &ll, &len), EINVAL);
    TU_ERR(zmq_ctx_set_ext(ctx, ZMQ_BLOCKY, "ab", 2), EINVAL);
    /* unknown options */
    v = 1;
    TU_ERR(zmq_ctx_set_ext(ctx, 9999, &v, sizeof v), EINVAL);
    TU_ERR(zmq_ctx_set_ext(ctx, 9999, "ab", 2), EINVAL);
    len = sizeof buf;
    TU_ERR(zmq_ctx_get_ext(ctx, 9999, buf, &len), EINVAL);

    /* The prefix as a string: 1 to 16 bytes. */
    TU_ERR(zmq_ctx_set_ext(ctx, ZMQ_THREAD_NAME_PREFIX, "", 0), EINVAL);
    TU_ERR(zmq_ctx_set_ext(ctx, ZMQ_THREAD_NAME_PREFIX, "0123456789abcdefg", 17), EINVAL);
    TU_OK(zmq_ctx_set_ext(ctx, ZMQ_THREAD_NAME_PREFIX, "0123456789abcdef", 16));
    TU_OK(zmq_ctx_set_ext(ctx, ZMQ_THREAD_NAME_PREFIX, "ab", 2));
    memset(buf, '#', sizeof buf);
    len = sizeof buf;
    TU_OK(zmq_ctx_get_ext(ctx, ZMQ_THREAD_NAME_PREFIX, buf, &len));
    TU_ASSERT(memcmp(buf, "ab#", 3) == 0); /* its bytes, no NUL added */
    TU_EQ_INT(len, sizeof buf);            /* *optvallen is not updated */
    len = 1;
    TU_ERR(zmq_ctx_get_ext(ctx, ZMQ_THREAD_NAME_PREFIX, buf, &len), EINVAL);
    /* read as an int: atoi */
    TU_EQ_INT(zmq_ctx_get(ctx, ZMQ_THREAD_NAME_PREFIX), 0);
    TU_OK(zmq_ctx_set_ext(ctx, ZMQ_THREAD_NAME_PREFIX, "42x", 3));
    TU_EQ_INT(zmq_ctx_get(ctx, ZMQ_THREAD_NAME_PREFIX), 42);
    v = 0;
    len = sizeof v;
    TU_OK(zmq_ctx_get_ext(ctx, ZMQ_THREAD_NAME_PREFIX, &v, &len));
    TU_EQ_INT(v, 42);
    /* an int prefix is its decimal digits */
    TU_OK(zmq_ctx_set(ctx, ZMQ_THREAD_NAME_PREFIX, 123));
    memset(buf, '#', sizeof buf);
    len = sizeof buf;
    TU_OK(zmq_ctx_get_ext(ctx, ZMQ_THREAD_NAME_PREFIX, buf, &len));
    TU_ASSERT(memcmp(buf, "123#", 4) == 0);

    /* The string names the I/O threads (both of them). */
    TU_OK(zmq_ctx_set_ext(ctx, ZMQ_THREAD_NAME_PREFIX, "ab", 2));
    s = tu_socket(ctx, ZMQ_PUSH);
    TU_ASSERT_MSG(wait_thread("ab/ZMQbg/IO/0") > 0, "no thread ab/ZMQbg/IO/0");
    TU_ASSERT_MSG(wait_thread("ab/ZMQbg/IO/1") > 0, "no thread ab/ZMQbg/IO/1");
    TU_OK(zmq_close(s));
    TU_OK(zmq_ctx_term(ctx));

    /* A prefix given with its NUL (sizeof "name", as libzmq's manual
     * does) names threads up to the NUL. */
    ctx = tu_ctx();
    TU_OK(zmq_ctx_set_ext(ctx, ZMQ_THREAD_NAME_PREFIX, "cd", sizeof "cd"));
    memset(buf, '#', sizeof buf);
    len = sizeof buf;
    TU_OK(zmq_ctx_get_ext(ctx, ZMQ_THREAD_NAME_PREFIX, buf, &len));
    TU_EQ_STR(buf, "cd");
    s = tu_socket(ctx, ZMQ_PUSH);
    TU_ASSERT_MSG(wait_thread("cd/ZMQbg/IO/0") > 0, "no thread cd/ZMQbg/IO/0");
    TU_OK(zmq_close(s));
    TU_OK(zmq_ctx_term(ctx));
    printf("ctx ext: ok\n");
    return 0;
}
