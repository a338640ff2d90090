/*  hwserver: hello-world server, the REP half of REQ/REP.

    Binds a REP socket, and for each request "Hello" replies "World".
    A REP socket must alternate: receive one request, send one reply.

    usage: hwserver [endpoint] [count]
           endpoint  where to bind (default: port 5555, all interfaces);
                     with port "*" the system picks a free port,
                     and we print the one we got
           count     requests to answer before exiting (default 10)
*/
#include <zmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main (int argc, char *argv[])
{
    const char *endpoint = argc > 1 ? argv[1] : "tcp://*:5555";
    int count = argc > 2 ? atoi (argv[2]) : 10;
    setvbuf (stdout, NULL, _IOLBF, 0); //  line by line, even into a pipe

    void *context = zmq_ctx_new ();
    void *responder = zmq_socket (context, ZMQ_REP);
    if (zmq_bind (responder, endpoint) != 0) {
        printf ("hwserver: cannot bind %s: %s\n", endpoint,
                zmq_strerror (zmq_errno ()));
        return 1;
    }
    //  Ask which endpoint we really got (resolves "*" to the port chosen).
    char bound[256];
    size_t bound_size = sizeof bound;
    zmq_getsockopt (responder, ZMQ_LAST_ENDPOINT, bound, &bound_size);
    printf ("hwserver: bound to %s\n", bound);

    //  Never wait forever: give up if no request arrives for 10 seconds,
    //  and when closing, try for at most 1 second to deliver the last reply.
    int timeout_ms = 10000, linger_ms = 1000;
    zmq_setsockopt (responder, ZMQ_RCVTIMEO, &timeout_ms, sizeof timeout_ms);
    zmq_setsockopt (responder, ZMQ_LINGER, &linger_ms, sizeof linger_ms);

    int answered = 0, hellos = 0;
    while (answered < count) {
        //  zmq_recv copies at most 15 bytes but returns the full size.
        char request[16];
        int size = zmq_recv (responder, request, sizeof request - 1, 0);
        if (size == -1) {
            printf ("hwserver: no request within %d ms, giving up\n",
                    timeout_ms);
            break;
        }
        request[size < 15 ? size : 15] = '\0';
        if (strcmp (request, "Hello") == 0)
            hellos++;

        zmq_send (responder, "World", 5, 0);
        answered++;
    }
    printf ("hwserver: received %d x Hello, answered %d x World\n", hellos,
            answered);

    zmq_close (responder);
    zmq_ctx_term (context);
    return answered == count ? 0 : 1;
}
