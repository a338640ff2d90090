/*  wuclient: weather-update client, the SUB half of PUB/SUB.

    Subscribes to one zipcode, collects count updates and prints the
    average temperature. The subscription is a prefix filter applied to
    each message; we check that every update we got really matches it.

    usage: wuclient [endpoint] [count] [zipcode]
           endpoint  the publisher to connect to (default tcp://localhost:5556)
           count     updates to collect (default 20)
           zipcode   the filter (default 10001)
*/
#include <zmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main (int argc, char *argv[])
{
    const char *endpoint = argc > 1 ? argv[1] : "tcp://localhost:5556";
    int count = argc > 2 ? atoi (argv[2]) : 20;
    const char *filter = argc > 3 ? argv[3] : "10001";
    setvbuf (stdout, NULL, _IOLBF, 0); //  line by line, even into a pipe

    void *context = zmq_ctx_new ();
    void *subscriber = zmq_socket (context, ZMQ_SUB);

    //  A SUB socket receives nothing until it subscribes. The filter is a
    //  byte prefix: "10001" matches every message starting with "10001".
    zmq_setsockopt (subscriber, ZMQ_SUBSCRIBE, filter, strlen (filter));

    //  Never wait forever: give up if no update arrives for 5 seconds, and
    //  do not hold on to an unsent subscription when we close the socket.
    int timeout_ms = 5000, linger_ms = 0;
    zmq_setsockopt (subscriber, ZMQ_RCVTIMEO, &timeout_ms, sizeof timeout_ms);
    zmq_setsockopt (subscriber, ZMQ_LINGER, &linger_ms, sizeof linger_ms);

    printf ("wuclient: connecting to %s, subscribing to \"%s\"\n", endpoint,
            filter);
    zmq_connect (subscriber, endpoint);

    int received = 0, matching = 0;
    long total_temperature = 0;
    while (received < count) {
        char update[64];
        int size = zmq_recv (subscriber, update, sizeof update - 1, 0);
        if (size == -1) {
            printf ("wuclient: no update within %d ms, giving up\n",
                    timeout_ms);
            break;
        }
        update[size < 63 ? size : 63] = '\0';
        received++;

        //  The publisher only sent us what we subscribed to; check it.
        if (strncmp (update, filter, strlen (filter)) == 0)
            matching++;
        int zipcode, temperature, humidity;
        if (sscanf (update, "%d %d %d", &zipcode, &temperature, &humidity)
            == 3)
            total_temperature += temperature;
        if (received <= 3)
            printf ("wuclient: update %d: \"%s\"\n", received, update);
    }
    printf ("wuclient: received %d updates, %d starting with \"%s\"; "
            "average temperature %.1f C\n",
            received, matching, filter,
            received ? (double) total_temperature / received : 0.0);

    zmq_close (subscriber);
    zmq_ctx_term (context);
    return received == count && matching == count ? 0 : 1;
}
