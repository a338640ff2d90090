/* ws:// with security and its monitor events: CURVE and PLAIN handshakes
 * over ZWS 2.0 (sub-protocols ZWS2.0/CURVE and ZWS2.0/PLAIN), the events of
 * a good connection (the endpoints are the ws:// ones; libzmq reports
 * HANDSHAKE_SUCCEEDED twice, once for the WebSocket upgrade and once for
 * the ZMTP handshake), a client whose
 * mechanism the server does not offer (the server fails the upgrade:
 * HANDSHAKE_FAILED_PROTOCOL with ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED), and a
 * raw tcp client sending garbage instead of an HTTP request (the same). */
#include "testutil.h"
#include "netutil.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <pthread.h>
#include <unistd.h>

/* Local / peer tcp port of a socket fd, -1 if it is not one. */

static void round_trip(void *req, void *rep)
{
    tu_send_str(req, "hello", 0);
    tu_recv_str(rep, "hello", 0);
    tu_send_str(rep, "world", 0);
    tu_recv_str(req, "world", 0);
}

/* A ZAP handler for one PLAIN request: 200 for admin/secret, else 400. */
static void *zap_handler(void *zap)
{
    char frames[8][64];
    int i, ok;
    for (i = 0; i < 8; i++) {
        int n = zmq_recv(zap, frames[i], sizeof frames[i] - 1, 0);
        TU_ASSERT(n >= 0);
        frames[i][n < 63 ? n : 63] = '\0';
    }
    ok = strcmp(frames[5], "PLAIN") == 0 && strcmp(frames[6], "admin") == 0
         && strcmp(frames[7], "secret") == 0;
    tu_send_str(zap, "1.0", ZMQ_SNDMORE);
    tu_send_str(zap, frames[1], ZMQ_SNDMORE);
    tu_send_str(zap, ok ? "200" : "400", ZMQ_SNDMORE);
    tu_send_str(zap, "OK", ZMQ_SNDMORE);
    tu_send_str(zap, "user", ZMQ_SNDMORE);
    TU_EQ_INT(zmq_send(zap, "", 0, 0), 0);
    return NULL;
}

static int port_of(const char *ep)
{
    const char *c = strrchr(ep, ':');
    TU_ASSERT(c != NULL);
    return atoi(c + 1);
}

int main(void)
{
    void *ctx, *rep, *req, *ms, *mc, *zap;
    pthread_t thr;
    char ep[256], acc[256];
    char spub[41], ssec[41], cpub[41], csec[41];
    uint32_t v;
    int fd;
    struct sockaddr_in a;
    TU_START();

    ctx = tu_ctx();

    /* CURVE, with the events of both ends. */
    TU_OK(zmq_curve_keypair(spub, ssec));
    TU_OK(zmq_curve_keypair(cpub, csec));
    rep = tu_socket(ctx, ZMQ_REP);
    tu_set_int(rep, ZMQ_CURVE_SERVER, 1);
    TU_OK(zmq_setsockopt(rep, ZMQ_CURVE_SECRETKEY, ssec, 40));
    ms = nu_mon_start(ctx, rep, ZMQ_EVENT_ALL);
    TU_OK(zmq_bind(rep, "ws://127.0.0.1:*/sec"));
    tu_last_endpoint(rep, ep, sizeof ep);
    nu_mon_expect(ms, ZMQ_EVENT_LISTENING, ep);
    req = tu_socket(ctx, ZMQ_REQ);
    TU_OK(zmq_setsockopt(req, ZMQ_CURVE_SERVERKEY, spub, 40));
    TU_OK(zmq_setsockopt(req, ZMQ_CURVE_PUBLICKEY, cpub, 40));
    TU_OK(zmq_setsockopt(req, ZMQ_CURVE_SECRETKEY, csec, 40));
    mc = nu_mon_start(ctx, req, ZMQ_EVENT_ALL);
    TU_OK(zmq_connect(req, ep));
    round_trip(req, rep);
    nu_mon_expect(mc, ZMQ_EVENT_CONNECT_DELAYED, ep);
    nu_mon_expect(mc, ZMQ_EVENT_CONNECTED, ep);
    nu_mon_expect(mc, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);
    nu_mon_expect(mc, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);
    nu_mon_expect(ms, ZMQ_EVENT_ACCEPTED, ep);
    nu_mon_expect(ms, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);
    nu_mon_expect(ms, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);
    TU_OK(zmq_socket_monitor(req, NULL, 0));
    TU_OK(zmq_close(mc));
    TU_OK(zmq_close(req));
    nu_mon_expect(ms, ZMQ_EVENT_DISCONNECTED, ep);

    /* A NULL client to the CURVE server: no sub-protocol in common. */
    req = tu_socket(ctx, ZMQ_REQ);
    TU_OK(zmq_connect(req, ep));
    nu_mon_expect(ms, ZMQ_EVENT_ACCEPTED, ep);
    v = nu_mon_expect(ms, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, ep);
    TU_EQ_INT(v, ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED);
    nu_mon_expect(ms, ZMQ_EVENT_DISCONNECTED, ep);
    TU_OK(zmq_close(req));

    /* Garbage instead of an HTTP request. */
    fd = socket(AF_INET, SOCK_STREAM, 0);
    TU_ASSERT(fd >= 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port_of(ep));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    TU_OK(connect(fd, (struct sockaddr *)&a, sizeof a));
    TU_EQ_INT(write(fd, "XYZZY / HTTP/1.1\r\n\r\n", 20), 20);
    nu_mon_expect(ms, ZMQ_EVENT_ACCEPTED, ep);
    v = nu_mon_expect(ms, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, ep);
    TU_EQ_INT(v, ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED);
    nu_mon_expect(ms, ZMQ_EVENT_DISCONNECTED, ep);
    close(fd);
    TU_OK(zmq_socket_monitor(rep, NULL, 0));
    TU_OK(zmq_close(ms));
    TU_OK(zmq_close(rep));

    /* PLAIN, checked by a ZAP handler. */
    zap = tu_socket(ctx, ZMQ_REP);
    TU_OK(zmq_bind(zap, "inproc://zeromq.zap.01"));
    TU_ASSERT(pthread_create(&thr, NULL, zap_handler, zap) == 0);
    rep = tu_socket(ctx, ZMQ_REP);
    tu_set_int(rep, ZMQ_PLAIN_SERVER, 1);
    TU_OK(zmq_bind(rep, "ws://127.0.0.1:*"));
    tu_last_endpoint(rep, acc, sizeof acc);
    req = tu_socket(ctx, ZMQ_REQ);
    TU_OK(zmq_setsockopt(req, ZMQ_PLAIN_USERNAME, "admin", 5));
    TU_OK(zmq_setsockopt(req, ZMQ_PLAIN_PASSWORD, "secret", 6));
    TU_OK(zmq_connect(req, acc));
    round_trip(req, rep);
    TU_ASSERT(pthread_join(thr, NULL) == 0);
    TU_OK(zmq_close(req));
    TU_OK(zmq_close(rep));
    TU_OK(zmq_close(zap));

    TU_OK(zmq_ctx_term(ctx));
    printf("ok %s\n", tu_lib_name());
    return 0;
}
