/* ZMQ_PROBE_ROUTER: a socket with it sends one empty message to each new
 * peer when the connection is attached.
 *   - a connecting DEALER (routing id "P"): the ROUTER receives ["P", ""];
 *   - a connecting ROUTER (routing id "C"): the bound ROUTER receives
 *     ["C", ""];
 *   - a bound ROUTER with the option: a DEALER connecting to it receives
 *     "" before anything else (once the ROUTER has attached the new
 *     connection, which libzmq does inside a zmq call on that socket).
 * The probe is an ordinary message; normal traffic follows.  tcp. */
#include "testutil.h"

int main(void)
{
    void *ctx, *server, *dealer, *rconn, *prouter, *client;
    char ep[256], ep2[256];
    TU_START();

    ctx = tu_ctx();
    server = tu_socket(ctx, ZMQ_ROUTER);
    tu_bind_any(server, "tcp", ep, sizeof ep);

    dealer = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(dealer, ZMQ_ROUTING_ID, "P", 1));
    tu_set_int(dealer, ZMQ_PROBE_ROUTER, 1);
    TU_OK(zmq_connect(dealer, ep));
    tu_recv_str(server, "P", 1);
    tu_recv_str(server, "", 0);
    tu_send_str(server, "P", ZMQ_SNDMORE);
    tu_send_str(server, "hello", 0);
    tu_recv_str(dealer, "hello", 0);

    rconn = tu_socket(ctx, ZMQ_ROUTER);
    TU_OK(zmq_setsockopt(rconn, ZMQ_ROUTING_ID, "C", 1));
    tu_set_int(rconn, ZMQ_PROBE_ROUTER, 1);
    TU_OK(zmq_connect(rconn, ep));
    tu_recv_str(server, "C", 1);
    tu_recv_str(server, "", 0);

    prouter = tu_socket(ctx, ZMQ_ROUTER);
    tu_set_int(prouter, ZMQ_PROBE_ROUTER, 1);
    tu_bind_any(prouter, "tcp", ep2, sizeof ep2);
    client = tu_socket(ctx, ZMQ_DEALER);
    TU_OK(zmq_setsockopt(client, ZMQ_ROUTING_ID, "K", 1));
    TU_OK(zmq_connect(client, ep2));
    {
        /* a socket attaches new connections only while inside a zmq call
         * (libzmq processes its commands there): keep prouter busy */
        int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
        while (!tu_wait_readable(client, 10)) {
            (void)tu_get_int(prouter, ZMQ_EVENTS);
            TU_ASSERT_MSG(tu_now_ms() < deadline, "no probe from prouter");
        }
    }
    tu_recv_str(client, "", 0);
    tu_send_str(client, "after-probe", 0);
    tu_recv_str(prouter, "K", 1);
    tu_recv_str(prouter, "after-probe", 0);

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(rconn));
    TU_OK(zmq_close(client));
    TU_OK(zmq_close(prouter));
    TU_OK(zmq_close(server));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
