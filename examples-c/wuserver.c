/*  wuserver: weather-update server, the PUB half of PUB/SUB.

    Publishes "zipcode temperature humidity" updates for random zipcodes
    in 10000..10099, to every subscriber that wants them. A publisher never
    waits for subscribers: updates nobody subscribed to are dropped, and a
    subscriber that connects late simply misses the earlier ones.

    usage: wuserver [endpoint] [count]
           endpoint  where to bind (default: port 5556, all interfaces);
                     with port "*" the system picks a free port,
                     and we print the one we got
           count     updates to publish before exiting (default 100000,
                     about 10 s); Ctrl-C or SIGTERM stops it sooner
*/
#include <zmq.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static volatile sig_atomic_t interrupted = 0;
static void on_signal (int signo)
{
    (void) signo;
    interrupted = 1;
}

int main (int argc, char *argv[])
{
    const char *endpoint = argc > 1 ? argv[1] : "tcp://*:5556";
    long count = argc > 2 ? atol (argv[2]) : 100000;
    setvbuf (stdout, NULL, _IOLBF, 0); //  line by line, even into a pipe
    signal (SIGINT, on_signal);
    signal (SIGTERM, on_signal);

    void *context = zmq_ctx_new ();
    void *publisher = zmq_socket (context, ZMQ_PUB);
    if (zmq_bind (publisher, endpoint) != 0) {
        printf ("wuserver: cannot bind %s: %s\n", endpoint,
                zmq_strerror (zmq_errno ()));
        return 1;
    }
    //  Ask which endpoint we really got (resolves "*" to the port chosen).
    char bound[256];
    size_t bound_size = sizeof bound;
    zmq_getsockopt (publisher, ZMQ_LAST_ENDPOINT, bound, &bound_size);
    printf ("wuserver: bound to %s, publishing zipcodes 10000-10099\n", bound);

    //  Updates are disposable: drop any still queued when we close.
    int linger_ms = 0;
    zmq_setsockopt (publisher, ZMQ_LINGER, &linger_ms, sizeof linger_ms);

    srand ((unsigned) time (NULL));
    long published = 0;
    while (published < count && !interrupted) {
        //  Zipcodes are always 5 digits, so the subscription "10001"
        //  (a prefix match) selects exactly zipcode 10001.
        int zipcode = 10000 + rand () % 100;
        int temperature = rand () % 51 - 10; //  -10..40 C
        int humidity = 10 + rand () % 81;    //  10..90 %
        char update[32];
        int size = snprintf (update, sizeof update, "%05d %d %d", zipcode,
                             temperature, humidity);
        zmq_send (publisher, update, size, 0);
        published++;

        //  Pace ourselves: 10 updates per millisecond at most.
        if (published % 10 == 0) {
            struct timespec tick = {0, 1000000};
            nanosleep (&tick, NULL);
        }
    }
    printf ("wuserver: %s after publishing %ld updates\n",
            interrupted ? "stopped by a signal" : "done", published);

    zmq_close (publisher);
    zmq_ctx_term (context);
    return 0;
}
