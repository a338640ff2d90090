/* Endpoint names are bytes, not text: libzmq binds and connects ipc paths
 * and inproc names that are not valid UTF-8 (a path is whatever bytes the
 * file system takes).  The ipc socket file has exactly those bytes as its
 * name, ZMQ_LAST_ENDPOINT and the monitor's LISTENING event give them
 * back, and zmq_unbind / zmq_disconnect accept them. */
#include "testutil.h"

#include <sys/stat.h>

/* Reads one monitor event; returns its number, the endpoint in ep. */
static int monitor_event(void *mon, char *ep, size_t len)
{
    unsigned char head[6];
    uint16_t ev;
    int rc = zmq_recv(mon, head, sizeof head, 0);
    TU_ASSERT_MSG(rc == 6, "monitor frame 1: %d", rc);
    memcpy(&ev, head, 2);
    rc = zmq_recv(mon, ep, len - 1, 0);
    TU_ASSERT_MSG(rc >= 0, "monitor frame 2");
    ep[rc < (int)len - 1 ? rc : (int)len - 1] = '\0';
    return ev;
}

static void roundtrip(void *ctx, const char *ep, int is_ipc)
{
    void *pull = tu_socket(ctx, ZMQ_PULL);
    void *push = tu_socket(ctx, ZMQ_PUSH);
    void *mon;
    char last[300], mon_ep[300], mon_uri[64];
    int ev;

    snprintf(mon_uri, sizeof mon_uri, "inproc://mon-%d", is_ipc);
    TU_OK(zmq_socket_monitor(pull, mon_uri, ZMQ_EVENT_LISTENING));
    mon = tu_socket(ctx, ZMQ_PAIR);
    TU_OK(zmq_connect(mon, mon_uri));

    TU_OK(zmq_bind(pull, ep));
    tu_last_endpoint(pull, last, sizeof last);
    TU_ASSERT_MSG(strcmp(last, ep) == 0, "LAST_ENDPOINT differs (%zu bytes)",
                  strlen(last));
    if (is_ipc) {
        struct stat st;
        TU_ASSERT_MSG(stat(ep + 6, &st) == 0 && S_ISSOCK(st.st_mode),
                      "no socket file with the non-UTF-8 name");
        ev = monitor_event(mon, mon_ep, sizeof mon_ep);
        TU_EQ_INT(ev, ZMQ_EVENT_LISTENING);
        TU_ASSERT_MSG(strcmp(mon_ep, ep) == 0,
                      "monitor endpoint differs (%zu bytes)", strlen(mon_ep));
    }

    TU_OK(zmq_connect(push, ep));
    tu_send_str(push, "bytes", 0);
    tu_recv_str(pull, "bytes", 0);

    TU_OK(zmq_disconnect(push, ep));
    TU_ERR(zmq_disconnect(push, ep), ENOENT);
    TU_OK(zmq_unbind(pull, ep));
    TU_ERR(zmq_unbind(pull, ep), ENOENT);

    TU_OK(zmq_socket_monitor(pull, NULL, 0));
    TU_OK(zmq_close(mon));
    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
}

int main(void)
{
    void *ctx;
    char path[200], ep[256];
    TU_START();

    ctx = tu_ctx();

    /* ipc: a Latin-1 byte and a lone continuation byte */
    snprintf(path, sizeof path, "/tmp/ferromq-ct-%d-caf\xe9-\x80.ipc",
             (int)getpid());
    unlink(path);
    snprintf(ep, sizeof ep, "ipc://%s", path);
    roundtrip(ctx, ep, 1);
    unlink(path);

    /* inproc: the same kind of name */
    snprintf(ep, sizeof ep, "inproc://ferromq-ct-%d-\xff\xfe-name",
             (int)getpid());
    roundtrip(ctx, ep, 0);

    TU_OK(zmq_ctx_term(ctx));
    printf("non-UTF-8 ipc and inproc endpoints: ok\n");
    return 0;
}
