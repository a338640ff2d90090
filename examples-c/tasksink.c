/*  tasksink: task sink, the end of a PUSH/PULL pipeline.

    Binds a PULL socket that fair-queues messages from the ventilator and
    all the workers. The ventilator says "BATCH n"; then we collect n
    results "<worker> <ms>", and print the elapsed time and who did what.

    usage: tasksink [endpoint]
           endpoint  where to bind (default: port 5558, all interfaces);
                     with port "*" the system picks a free port,
                     and we print the one we got
*/
#include <zmq.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define MAX_WORKERS 16

static long now_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

int main (int argc, char *argv[])
{
    const char *endpoint = argc > 1 ? argv[1] : "tcp://*:5558";
    setvbuf (stdout, NULL, _IOLBF, 0); //  line by line, even into a pipe

    void *context = zmq_ctx_new ();
    void *receiver = zmq_socket (context, ZMQ_PULL);
    if (zmq_bind (receiver, endpoint) != 0) {
        printf ("tasksink: cannot bind %s: %s\n", endpoint,
                zmq_strerror (zmq_errno ()));
        return 1;
    }
    char bound[256];
    size_t bound_size = sizeof bound;
    zmq_getsockopt (receiver, ZMQ_LAST_ENDPOINT, bound, &bound_size);
    printf ("tasksink: bound to %s\n", bound);

    //  Never wait forever: give up if nothing arrives for 10 seconds.
    int timeout_ms = 10000;
    zmq_setsockopt (receiver, ZMQ_RCVTIMEO, &timeout_ms, sizeof timeout_ms);

    struct {
        char name[32];
        int done;
    } workers[MAX_WORKERS];
    int nworkers = 0, expected = -1, results = 0;
    long start = now_ms ();

    while (expected < 0 || results < expected) {
        char message[64];
        int size = zmq_recv (receiver, message, sizeof message - 1, 0);
        if (size == -1) {
            printf ("tasksink: nothing within %d ms, giving up\n",
                    timeout_ms);
            break;
        }
        message[size < 63 ? size : 63] = '\0';

        if (sscanf (message, "BATCH %d", &expected) == 1) {
            printf ("tasksink: batch of %d tasks started\n", expected);
            start = now_ms ();
            continue;
        }
        //  A result: "<worker> <ms>". Count it against its worker.
        results++;
        char name[32];
        if (sscanf (message, "%31s", name) != 1)
            continue;
        int w = 0;
        while (w < nworkers && strcmp (workers[w].name, name) != 0)
            w++;
        if (w == nworkers && nworkers < MAX_WORKERS) {
            strcpy (workers[w].name, name);
            workers[w].done = 0;
            nworkers++;
        }
        if (w < nworkers)
            workers[w].done++;
    }
    printf ("tasksink: got %d results in %ld ms\n", results,
            now_ms () - start);
    for (int w = 0; w < nworkers; w++)
        printf ("tasksink:   worker %s did %d\n", workers[w].name,
                workers[w].done);

    zmq_close (receiver);
    zmq_ctx_term (context);
    return results == expected ? 0 : 1;
}
