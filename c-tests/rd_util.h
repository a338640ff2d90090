/* Helpers for the RADIO/DISH/DGRAM draft tests (test_draft_rd_*.c). */
#ifndef FERROMQ_RD_UTIL_H
#define FERROMQ_RD_UTIL_H
#include "testutil.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* Send body to group from a RADIO. */
static TU_UNUSED void rd_send(void *radio, const char *group, const char *body)
{
    zmq_msg_t m;
    TU_OK(zmq_msg_init_size(&m, strlen(body)));
    memcpy(zmq_msg_data(&m), body, strlen(body));
    if (group)
        TU_OK(zmq_msg_set_group(&m, group));
    TU_ASSERT(zmq_msg_send(&m, radio, 0) == (int)strlen(body));
}

/* Receive one message on a DISH (bounded by RCVTIMEO) and check its group
 * and body. */
static TU_UNUSED void rd_expect_(void *dish, const char *group,
                                 const char *body, const char *file, int line)
{
    zmq_msg_t m;
    int rc;
    TU_OK(zmq_msg_init(&m));
    rc = zmq_msg_recv(&m, dish, 0);
    if (rc < 0)
        tu_fail_(file, line, zmq_errno(), "recv (want %s/%s)", group, body);
    if (strcmp(zmq_msg_group(&m), group) != 0
        || zmq_msg_size(&m) != strlen(body)
        || memcmp(zmq_msg_data(&m), body, strlen(body)) != 0)
        tu_fail_(file, line, 0, "got %s/%.*s want %s/%s", zmq_msg_group(&m),
                 (int)zmq_msg_size(&m), (char *)zmq_msg_data(&m), group, body);
    TU_OK(zmq_msg_close(&m));
}
#define rd_expect(d, g, b) rd_expect_((d), (g), (b), __FILE__, __LINE__)

/* Nothing waits on the DISH. */
static TU_UNUSED void rd_expect_none(void *dish)
{
    zmq_msg_t m;
    TU_OK(zmq_msg_init(&m));
    if (zmq_msg_recv(&m, dish, ZMQ_DONTWAIT) >= 0)
        TU_FAIL("unexpected message %s/%.*s", zmq_msg_group(&m),
                (int)zmq_msg_size(&m), (char *)zmq_msg_data(&m));
    TU_EQ_INT(zmq_errno(), EAGAIN);
    TU_OK(zmq_msg_close(&m));
}

/* Joins travel asynchronously: send a marker to group until the DISH
 * (joined to it) gets one, then drain the extra markers. Bounded. */
static TU_UNUSED void rd_sync(void *radio, void *dish, const char *group)
{
    int64_t deadline = tu_now_ms() + TU_TIMEOUT_MS;
    int got = 0;
    zmq_msg_t m;
    while (!got) {
        zmq_pollitem_t it = {dish, 0, ZMQ_POLLIN, 0};
        if (tu_now_ms() > deadline)
            TU_FAIL("DISH never got group %s", group);
        rd_send(radio, group, "sync");
        if (zmq_poll(&it, 1, 20) > 0)
            got = 1;
    }
    /* drain the markers in flight */
    TU_OK(zmq_msg_init(&m));
    for (;;) {
        zmq_pollitem_t it = {dish, 0, ZMQ_POLLIN, 0};
        if (zmq_poll(&it, 1, 100) <= 0)
            break;
        TU_ASSERT(zmq_msg_recv(&m, dish, 0) >= 0);
        TU_EQ_STR(zmq_msg_group(&m), group);
        TU_ASSERT(zmq_msg_size(&m) == 4 && memcmp(zmq_msg_data(&m), "sync", 4) == 0);
    }
    TU_OK(zmq_msg_close(&m));
}

/* Drop whatever reaches the socket until it has been quiet for 100 ms. */
static TU_UNUSED void rd_drain(void *s)
{
    zmq_msg_t m;
    TU_OK(zmq_msg_init(&m));
    for (;;) {
        zmq_pollitem_t it = {s, 0, ZMQ_POLLIN, 0};
        if (zmq_poll(&it, 1, 100) <= 0)
            break;
        TU_ASSERT(zmq_msg_recv(&m, s, 0) >= 0);
    }
    TU_OK(zmq_msg_close(&m));
}

/* A free UDP port on 127.0.0.1 (the kernel's choice; libzmq cannot bind
 * udp://...:* and report the port, so tests pick one). */
static TU_UNUSED int rd_free_udp_port(void)
{
    struct sockaddr_in a;
    socklen_t l = sizeof a;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    int port;
    TU_ASSERT(fd >= 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    TU_ASSERT(bind(fd, (struct sockaddr *)&a, sizeof a) == 0);
    TU_ASSERT(getsockname(fd, (struct sockaddr *)&a, &l) == 0);
    port = ntohs(a.sin_port);
    close(fd);
    return port;
}
#endif
