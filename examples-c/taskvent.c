/*  taskvent: task ventilator, the start of a PUSH/PULL pipeline.

        taskvent --PUSH--> taskwork (x N) --PUSH--> tasksink
                 --PUSH-------"BATCH n"------------>

    Binds a PUSH socket that deals tasks round-robin to the workers that
    connect to it. Each task is a workload in milliseconds, which a worker
    "does" by sleeping. First it tells the sink how many tasks to expect.

    usage: taskvent [endpoint] [sink] [tasks] [workers]
           endpoint  where workers fetch tasks (default: port 5557, all
                     interfaces); with port "*" the system picks a free
                     port, and we print the one we got
           sink      the sink to report to (default tcp://localhost:5558)
           tasks     tasks to send (default 100)
           workers   workers to wait for before sending (default 2)
*/
#include <zmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main (int argc, char *argv[])
{
    const char *endpoint = argc > 1 ? argv[1] : "tcp://*:5557";
    const char *sink_endpoint = argc > 2 ? argv[2] : "tcp://localhost:5558";
    int tasks = argc > 3 ? atoi (argv[3]) : 100;
    int workers = argc > 4 ? atoi (argv[4]) : 2;
    setvbuf (stdout, NULL, _IOLBF, 0); //  line by line, even into a pipe

    void *context = zmq_ctx_new ();

    //  When closing, try for at most 5 s to deliver what is still queued.
    int linger_ms = 5000;
    void *sink = zmq_socket (context, ZMQ_PUSH);
    zmq_setsockopt (sink, ZMQ_LINGER, &linger_ms, sizeof linger_ms);
    zmq_connect (sink, sink_endpoint);

    void *sender = zmq_socket (context, ZMQ_PUSH);
    zmq_setsockopt (sender, ZMQ_LINGER, &linger_ms, sizeof linger_ms);

    //  PUSH deals tasks only among the workers connected at that moment,
    //  so if we started at once the first worker would get every task.
    //  A socket monitor reports each worker whose connection is ready;
    //  start it before binding, so that we cannot miss one.
    zmq_socket_monitor (sender, "inproc://taskvent-monitor",
                        ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    void *monitor = zmq_socket (context, ZMQ_PAIR);
    int timeout_ms = 10000;
    zmq_setsockopt (monitor, ZMQ_RCVTIMEO, &timeout_ms, sizeof timeout_ms);
    zmq_connect (monitor, "inproc://taskvent-monitor");

    if (zmq_bind (sender, endpoint) != 0) {
        printf ("taskvent: cannot bind %s: %s\n", endpoint,
                zmq_strerror (zmq_errno ()));
        return 1;
    }
    char bound[256];
    size_t bound_size = sizeof bound;
    zmq_getsockopt (sender, ZMQ_LAST_ENDPOINT, bound, &bound_size);
    printf ("taskvent: bound to %s, waiting for %d workers\n", bound, workers);

    //  Each event is two frames: event number and value, then the
    //  worker's address. We asked only for "handshake succeeded".
    int ready = 0;
    while (ready < workers) {
        char frame[256];
        if (zmq_recv (monitor, frame, sizeof frame, 0) == -1)
            break; //  timed out
        zmq_recv (monitor, frame, sizeof frame, 0);
        ready++;
    }
    zmq_socket_monitor (sender, NULL, 0); //  stop monitoring
    zmq_close (monitor);
    if (ready < workers)
        printf ("taskvent: only %d of %d workers after %d ms, going ahead\n",
                ready, workers, timeout_ms);

    //  Tell the sink a batch starts and how big it is.
    char message[32];
    int size = snprintf (message, sizeof message, "BATCH %d", tasks);
    zmq_send (sink, message, size, 0);

    //  Send the tasks: each is a random workload of 1 to 10 ms.
    srand ((unsigned) time (NULL));
    int total_ms = 0;
    for (int n = 0; n < tasks; n++) {
        int workload = 1 + rand () % 10;
        total_ms += workload;
        size = snprintf (message, sizeof message, "%d", workload);
        zmq_send (sender, message, size, 0);
    }
    printf ("taskvent: sent %d tasks to %d workers, %d ms of work in all\n",
            tasks, ready, total_ms);

    zmq_close (sink);
    zmq_close (sender);
    zmq_ctx_term (context);
    return 0;
}
