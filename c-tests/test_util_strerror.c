/* zmq_strerror beyond the texts (test_version_strerror.c checks those), as
 * libzmq 4.3 behaves:
 *   - for error numbers without a libzmq text it returns exactly what the C
 *     library's strerror() returns: the same pointer for known system errors,
 *     the same "Unknown error N" text for unknown numbers, negative ones and
 *     the unused ZMQ_HAUSNUMERO fallback codes;
 *   - libzmq's own texts are static: the same pointer on every call and from
 *     every thread, still valid after other zmq_strerror calls;
 *   - zmq_errno() is the calling thread's errno. */
#include "testutil.h"

#include <pthread.h>

static const int own[] = {EFSM, ENOCOMPATPROTO, ETERM, EMTHREAD, EHOSTUNREACH};
#define NOWN ((int)(sizeof own / sizeof own[0]))

static const char *from_thread[NOWN];
static int thread_errno;

static void *other_thread(void *arg)
{
    int i;
    (void)arg;
    for (i = 0; i < NOWN; i++)
        from_thread[i] = zmq_strerror(own[i]);
    errno = EAGAIN;
    thread_errno = zmq_errno();
    return NULL;
}

int main(void)
{
    const int sys[] = {0,      EPERM,  ENOENT,     EINTR,      EAGAIN,
                       ENOMEM, EFAULT, EINVAL,     EMFILE,     ENOTSOCK,
                       EPROTO, ENOTSUP, EADDRINUSE, ECONNREFUSED, ENAMETOOLONG};
    const int unknown[] = {-1, -1000, 4095, 99999, ZMQ_HAUSNUMERO,
                           ZMQ_HAUSNUMERO + 1, ZMQ_HAUSNUMERO + 17,
                           ZMQ_HAUSNUMERO + 50, ZMQ_HAUSNUMERO + 55, INT_MAX};
    const char *first[NOWN];
    unsigned i;
    pthread_t t;
    TU_START();

    for (i = 0; i < sizeof sys / sizeof sys[0]; i++) {
        const char *z = zmq_strerror(sys[i]);
        TU_ASSERT(z != NULL);
        TU_ASSERT_MSG(z == strerror(sys[i]), "errno %d: not strerror's pointer",
                      sys[i]);
    }
    for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        char want[128];
        const char *z;
        snprintf(want, sizeof want, "%s", strerror(unknown[i]));
        z = zmq_strerror(unknown[i]);
        TU_ASSERT(z != NULL);
        TU_EQ_STR(z, want);
    }

    for (i = 0; i < NOWN; i++) {
        first[i] = zmq_strerror(own[i]);
        TU_ASSERT(first[i] != NULL);
        TU_ASSERT(first[i] != strerror(own[i]));
    }
    TU_EQ_STR(first[4], "Host unreachable");
    /* other calls in between do not disturb them */
    for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        (void)zmq_strerror(unknown[i]);
    for (i = 0; i < NOWN; i++)
        TU_ASSERT(zmq_strerror(own[i]) == first[i]);
    TU_EQ_STR(first[0], "Operation cannot be accomplished in current state");

    /* same pointers from another thread; errno is per thread */
    TU_ASSERT(pthread_create(&t, NULL, other_thread, NULL) == 0);
    TU_ASSERT(pthread_join(t, NULL) == 0);
    for (i = 0; i < NOWN; i++)
        TU_ASSERT(from_thread[i] == first[i]);
    TU_EQ_INT(thread_errno, EAGAIN);
    errno = EINVAL;
    TU_EQ_INT(zmq_errno(), EINVAL);
    errno = ETERM;
    TU_EQ_INT(zmq_errno(), ETERM);

    printf("zmq_strerror: ok\n");
    return 0;
}
