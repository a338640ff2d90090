/*
 * test_wire_frame_large_truncated.c - after a valid handshake a raw TCP
 * peer announces a 1 GiB message frame, sends only its first 64 KiB and
 * shuts down its sending side.  The zmq side must close the connection,
 * deliver nothing, keep serving its well-behaved PUSH peer, and must not
 * have committed memory for the announced size: the process's resident
 * set grows by far less than 1 GiB (libzmq mallocs the body, which the
 * kernel backs only as it is written).
 */
#include "testutil.h"
#include "rawzmtp.h"

#define ANNOUNCED (1ull << 30)
#define SENT (64 * 1024)

/* VmRSS of this process in KiB, from /proc/self/status. */
static long rss_kib(void)
{
    char line[256];
    long kib = -1;
    FILE *f = fopen("/proc/self/status", "r");
    TU_ASSERT(f != NULL);
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
            break;
    fclose(f);
    TU_ASSERT(kib > 0);
    return kib;
}

int main(void)
{
    void *ctx, *pull, *push;
    char ep[256];
    unsigned char hdr[9], *body;
    long rss0, rss1;
    int fd, i;

    TU_START();
    ctx = tu_ctx();
    w_pull_and_good_push(ctx, &pull, &push, ep, sizeof ep);

    hdr[0] = 0x02; /* LONG, final */
    for (i = 0; i < 8; i++)
        hdr[1 + i] = (unsigned char)(ANNOUNCED >> (56 - 8 * i));
    body = (unsigned char *)malloc(SENT);
    TU_ASSERT(body != NULL);
    memset(body, 'z', SENT);

    rss0 = rss_kib();
    fd = w_connect(ep);
    w_handshake(fd, "PUSH");
    w_send(fd, hdr, sizeof hdr);
    w_send(fd, body, SENT);
    tu_sleep_ms(200); /* let the zmq side take in what it was sent */
    rss1 = rss_kib();
    TU_ASSERT(shutdown(fd, SHUT_WR) == 0);
    TU_ASSERT_MSG(w_wait_closed(fd, TU_TIMEOUT_MS),
                  "connection with a truncated 1 GiB frame was not closed");
    close(fd);
    free(body);
    /* memcheck tags every byte of a malloc'd block (--track-origins), so
     * under valgrind the untouched 1 GiB buffer becomes resident. */
    TU_ASSERT_MSG(tu_under_valgrind() || rss1 - rss0 < 256 * 1024,
                  "resident set grew by %ld KiB for a frame announced as "
                  "1 GiB but 64 KiB long", rss1 - rss0);

    w_good_push_after(push, pull);

    TU_OK(zmq_close(push));
    TU_OK(zmq_close(pull));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
