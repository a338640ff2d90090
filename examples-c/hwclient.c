/*  hwclient: hello-world client, the REQ half of REQ/REP.

    Connects a REQ socket, sends "Hello" and waits for "World", count
    times. A REQ socket must alternate: send one request, receive one reply.

    usage: hwclient [endpoint] [count]
           endpoint  the server to connect to (default tcp://localhost:5555)
           count     requests to send (default 10)
*/
#include <zmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main (int argc, char *argv[])
{
    const char *endpoint = argc > 1 ? argv[1] : "tcp://localhost:5555";
    int count = argc > 2 ? atoi (argv[2]) : 10;
    setvbuf (stdout, NULL, _IOLBF, 0); //  line by line, even into a pipe

    void *context = zmq_ctx_new ();
    void *requester = zmq_socket (context, ZMQ_REQ);

    //  Never wait forever: give up on a reply after 5 seconds, and do not
    //  hold on to an unsent request when we close the socket.
    int timeout_ms = 5000, linger_ms = 0;
    zmq_setsockopt (requester, ZMQ_RCVTIMEO, &timeout_ms, sizeof timeout_ms);
    zmq_setsockopt (requester, ZMQ_LINGER, &linger_ms, sizeof linger_ms);

    //  connect() returns at once; the connection is made in the background,
    //  and the first request waits in a queue until it is up.
    printf ("hwclient: connecting to %s\n", endpoint);
    zmq_connect (requester, endpoint);

    int sent = 0, worlds = 0;
    for (int n = 1; n <= count; n++) {
        zmq_send (requester, "Hello", 5, 0);
        sent++;
        char reply[16];
        int size = zmq_recv (requester, reply, sizeof reply - 1, 0);
        if (size == -1) {
            printf ("hwclient: no reply to request %d within %d ms\n", n,
                    timeout_ms);
            break;
        }
        reply[size < 15 ? size : 15] = '\0';
        printf ("hwclient: sent \"Hello\" %d/%d, received \"%s\"\n", n, count,
                reply);
        if (strcmp (reply, "World") == 0)
            worlds++;
    }
    printf ("hwclient: sent %d x Hello, got %d x World\n", sent, worlds);

    zmq_close (requester);
    zmq_ctx_term (context);
    return worlds == count ? 0 : 1;
}
