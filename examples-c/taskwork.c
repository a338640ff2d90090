/*  taskwork: task worker, the middle of a PUSH/PULL pipeline.

    Pulls tasks from the ventilator, "does" each one by sleeping for its
    workload in milliseconds, and pushes a result "<name> <ms>" to the sink.
    Start as many workers as you like: the ventilator deals tasks among
    them, and the sink fair-queues results from all of them.

    usage: taskwork [ventilator] [sink] [name]
           ventilator  where to pull tasks (default tcp://localhost:5557)
           sink        where to push results (default tcp://localhost:5558)
           name        this worker's name in results (default its pid)
*/
#include <zmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main (int argc, char *argv[])
{
    const char *vent_endpoint = argc > 1 ? argv[1] : "tcp://localhost:5557";
    const char *sink_endpoint = argc > 2 ? argv[2] : "tcp://localhost:5558";
    char name[32];
    if (argc > 3)
        snprintf (name, sizeof name, "%s", argv[3]);
    else
        snprintf (name, sizeof name, "%d", (int) getpid ());
    setvbuf (stdout, NULL, _IOLBF, 0); //  line by line, even into a pipe

    void *context = zmq_ctx_new ();
    void *receiver = zmq_socket (context, ZMQ_PULL);
    zmq_connect (receiver, vent_endpoint);
    void *sender = zmq_socket (context, ZMQ_PUSH);
    zmq_connect (sender, sink_endpoint);
    printf ("taskwork %s: pulling from %s, pushing to %s\n", name,
            vent_endpoint, sink_endpoint);

    //  Never wait forever: wait up to 10 s for the first task, then stop
    //  once none has come for 1 s (the batch is over). When closing, try
    //  for at most 5 s to deliver the results still queued.
    int timeout_ms = 10000, linger_ms = 5000;
    zmq_setsockopt (receiver, ZMQ_RCVTIMEO, &timeout_ms, sizeof timeout_ms);
    zmq_setsockopt (sender, ZMQ_LINGER, &linger_ms, sizeof linger_ms);

    int done = 0, worked_ms = 0;
    while (1) {
        char task[16];
        int size = zmq_recv (receiver, task, sizeof task - 1, 0);
        if (size == -1)
            break; //  no task within the timeout
        task[size < 15 ? size : 15] = '\0';
        if (done == 0) {
            timeout_ms = 1000;
            zmq_setsockopt (receiver, ZMQ_RCVTIMEO, &timeout_ms,
                            sizeof timeout_ms);
        }

        //  Do the work.
        int workload = atoi (task);
        struct timespec pause = {workload / 1000, (workload % 1000) * 1000000L};
        nanosleep (&pause, NULL);
        worked_ms += workload;
        done++;

        //  Report to the sink.
        char result[64];
        size = snprintf (result, sizeof result, "%s %d", name, workload);
        zmq_send (sender, result, size, 0);
    }
    printf ("taskwork %s: did %d tasks (%d ms of work), idle for %d ms, "
            "exiting\n",
            name, done, worked_ms, timeout_ms);

    zmq_close (receiver);
    zmq_close (sender);
    zmq_ctx_term (context);
    return 0;
}
