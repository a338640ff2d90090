/* A STREAM socket sees the raw bytes of a ZeroMQ peer: a DEALER that
 * connects to it first sends only the 10-byte ZMTP signature
 * FF 00 00 00 00 00 00 00 01 7F (padding = routing-id length + 1, here
 * no id), then waits for the other side's signature.  The STREAM answers
 * with a full ZMTP 3.0 NULL greeting and a READY command declaring
 * Socket-Type ROUTER; the DEALER completes its greeting (major 3, NULL
 * mechanism), sends READY with Socket-Type DEALER, and then its first
 * message as a ZMTP frame: flags 0, length 5, "hello". */
#include "testutil.h"
#include "rawzmtp.h"

static unsigned char acc[4096];
static size_t acc_n;

/* Accumulate [id, data] messages from the STREAM until acc holds n bytes. */
static void need(void *st, const unsigned char *id, size_t n)
{
    while (acc_n < n) {
        unsigned char rid[256];
        size_t dn;
        TU_EQ_INT(stream_recv(st, rid, acc + acc_n, sizeof acc - acc_n, &dn),
                  5);
        TU_ASSERT(memcmp(rid, id, 5) == 0);
        TU_ASSERT_MSG(dn > 0, "DEALER disconnected");
        acc_n += dn;
    }
}

static void consume(size_t n)
{
    memmove(acc, acc + n, acc_n - n);
    acc_n -= n;
}

int main(void)
{
    void *ctx, *st, *dealer;
    char ep[256];
    unsigned char id[256];
    char data[16];
    size_t n;
    static const unsigned char sig[10] = { 0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f };
    unsigned char greeting[64];
    static const unsigned char ready[] = {
        0x04, 28, 5, 'R', 'E', 'A', 'D', 'Y', 11, 'S', 'o', 'c', 'k', 'e',
        't', '-', 'T', 'y', 'p', 'e', 0, 0, 0, 6, 'R', 'O', 'U', 'T', 'E',
        'R'
    };
    TU_START();

    ctx = tu_ctx();
    st = tu_socket(ctx, ZMQ_STREAM);
    dealer = tu_socket(ctx, ZMQ_DEALER);
    tu_bind_any(st, "tcp", ep, sizeof ep);
    TU_OK(zmq_connect(dealer, ep));
    TU_EQ_INT(stream_recv(st, id, data, sizeof data, &n), 5);
    TU_EQ_INT(n, 0);

    /* the signature, and nothing more until we answer */
    need(st, id, 10);
    TU_EQ_INT(acc_n, 10);
    TU_ASSERT(memcmp(acc, sig, 10) == 0);
    consume(10);

    memset(greeting, 0, sizeof greeting);
    memcpy(greeting, sig, 10);
    greeting[10] = 3;
    greeting[11] = 0;
    memcpy(greeting + 12, "NULL", 4);
    stream_send(st, id, 5, greeting, sizeof greeting);

    /* rest of the DEALER's greeting */
    need(st, id, 54);
    TU_EQ_INT(acc[0], 3);
    TU_ASSERT(memcmp(acc + 2, "NULL", 5) == 0); /* NUL-padded */
    TU_EQ_INT(acc[22], 0);                       /* as-server */
    consume(54);

    /* its READY: 04 len 05 "READY" then properties */
    need(st, id, 2);
    TU_EQ_INT(acc[0], 0x04);
    {
        size_t clen = acc[1];
        static const unsigned char st_prop[] = { 11, 'S', 'o', 'c', 'k', 'e',
                                                 't', '-', 'T', 'y', 'p', 'e',
                                                 0, 0, 0, 6, 'D', 'E', 'A',
                                                 'L', 'E', 'R' };
        size_t i;
        int found = 0;
        need(st, id, 2 + clen);
        TU_ASSERT(memcmp(acc + 2, "\5READY", 6) == 0);
        for (i = 8; i + sizeof st_prop <= 2 + clen; i++)
            if (memcmp(acc + i, st_prop, sizeof st_prop) == 0)
                found = 1;
        TU_ASSERT_MSG(found, "no Socket-Type DEALER in READY");
        consume(2 + clen);
    }
    stream_send(st, id, 5, ready, sizeof ready);

    tu_send_str(dealer, "hello", 0);
    need(st, id, 7);
    TU_ASSERT(memcmp(acc, "\0\5hello", 7) == 0);

    TU_OK(zmq_close(dealer));
    TU_OK(zmq_close(st));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
