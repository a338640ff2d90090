/*
 * tools/chaos/netem.c: a userspace "netem" bridge for `make chaos`.
 *
 *   netem <ifA> <ifB> [seed]
 *
 * Runs in the middle network namespace of tools/chaos/run.sh and bridges two
 * veth ends (ifA, ifB) at layer 2 through AF_PACKET sockets: every frame that
 * arrives on one goes out of the other, after the impairment currently set.
 * It stands in for `tc qdisc ... netem`, which the kernels we run on are not
 * always built with (CONFIG_NET_SCH_NETEM); it does what the chaos scenario
 * needs from netem, on both directions at once:
 *
 *   delay D ms with jitter J ms (uniform in [D-J, D+J]); frames of one
 *   direction keep their order (a jittered frame waits for the one before),
 *   loss P %, independent per frame,
 *   reorder R %: that share of frames goes out at once, ahead of the frames
 *   still delayed (netem's "reorder"),
 *   mode drop:  a partition; nothing passes (frames in flight still land),
 *   mode reset: a partition that kills TCP connections, as a firewall that
 *               lost its state: every TCP segment is dropped and answered
 *               with a reset to its sender (sequence number from the
 *               segment's ACK field, RFC 793) and a reset to its receiver
 *               (the segment's own sequence number); ARP still passes, other
 *               IP traffic is dropped.
 *
 * Commands on stdin, one a line (the orchestrator writes them to a FIFO):
 *   set [delay=MS] [jitter=MS] [loss=PCT] [reorder=PCT] [mode=pass|drop|reset]
 *       (a field left out is reset to 0 / pass)
 *   stats          print one line of counters
 *   quit
 * Each command is answered with one line on stdout ("ok ..." or "stats ...").
 * The veths must have TSO/GSO/GRO and checksum offload off (run.sh does that
 * with ethtool): frames are forwarded as they are.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

#define MAX_FRAME 65600
#define QUEUE_LIMIT 20000

struct item {
    uint64_t t_ns;  /* when it goes out */
    uint64_t order; /* tie-break: arrival order */
    int out;        /* 0: out of ifA, 1: out of ifB */
    uint32_t len;
    unsigned char *data;
};

static struct item *heap;
static size_t heap_n;
static uint64_t order_ctr;

static int fds[2];
static int ifindex[2];
static const char *ifname[2];

/* current impairment */
static unsigned delay_ms, jitter_ms;
static double loss_pct, reorder_pct;
static enum { MODE_PASS, MODE_DROP, MODE_RESET } mode;
static uint64_t last_t[2]; /* FIFO clamp per output direction */

/* counters */
static unsigned long long c_fwd[2], c_lost, c_dropped, c_reset_sent, c_overflow, c_txerr,
    c_reordered, c_toobig;

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rng(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}
static double rnd01(void) { return (double)(rng() >> 11) / 9007199254740992.0; }

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int item_less(const struct item *a, const struct item *b)
{
    return a->t_ns < b->t_ns || (a->t_ns == b->t_ns && a->order < b->order);
}

static void heap_push(struct item it)
{
    size_t i = heap_n++;
    heap[i] = it;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!item_less(&heap[i], &heap[p]))
            break;
        struct item t = heap[i];
        heap[i] = heap[p];
        heap[p] = t;
        i = p;
    }
}

static struct item heap_pop(void)
{
    struct item top = heap[0];
    heap[0] = heap[--heap_n];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < heap_n && item_less(&heap[l], &heap[m]))
            m = l;
        if (r < heap_n && item_less(&heap[r], &heap[m]))
            m = r;
        if (m == i)
            break;
        struct item t = heap[i];
        heap[i] = heap[m];
        heap[m] = t;
        i = m;
    }
    return top;
}

static void send_frame(int out, const unsigned char *data, size_t len)
{
    struct sockaddr_ll sa;
    memset(&sa, 0, sizeof sa);
    sa.sll_family = AF_PACKET;
    sa.sll_ifindex = ifindex[out];
    sa.sll_halen = 6;
    memcpy(sa.sll_addr, data, 6);
    if (sendto(fds[out], data, len, 0, (struct sockaddr *)&sa, sizeof sa) < 0) {
        if (errno == EMSGSIZE)
            c_toobig++;
        else
            c_txerr++;
        if (c_txerr + c_toobig <= 5)
            fprintf(stderr, "netem: send on %s (%zu bytes): %s\n", ifname[out], len,
                    strerror(errno));
    } else {
        c_fwd[out]++;
    }
}

static uint16_t csum_fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static uint32_t csum_add(uint32_t sum, const unsigned char *p, size_t len)
{
    for (size_t i = 0; i + 1 < len; i += 2)
        sum += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (len & 1)
        sum += (uint32_t)(p[len - 1] << 8);
    return sum;
}

/* Builds a 54-byte Ethernet/IPv4/TCP RST into f and sends it out of `out`. */
static void send_rst(int out, const unsigned char *eth_dst, const unsigned char *eth_src,
                     const unsigned char *ip_src, const unsigned char *ip_dst, uint16_t sport,
                     uint16_t dport, uint32_t seq, uint32_t ack, int with_ack)
{
    unsigned char f[54];
    memset(f, 0, sizeof f);
    memcpy(f, eth_dst, 6);
    memcpy(f + 6, eth_src, 6);
    f[12] = 0x08;
    f[13] = 0x00;
    unsigned char *ip = f + 14;
    ip[0] = 0x45;
    ip[3] = 40; /* total length */
    ip[6] = 0x40; /* DF */
    ip[8] = 64;   /* TTL */
    ip[9] = 6;    /* TCP */
    memcpy(ip + 12, ip_src, 4);
    memcpy(ip + 16, ip_dst, 4);
    uint16_t c = csum_fold(csum_add(0, ip, 20));
    ip[10] = (unsigned char)(c >> 8);
    ip[11] = (unsigned char)c;
    unsigned char *tcp = ip + 20;
    tcp[0] = (unsigned char)(sport >> 8);
    tcp[1] = (unsigned char)sport;
    tcp[2] = (unsigned char)(dport >> 8);
    tcp[3] = (unsigned char)dport;
    tcp[4] = (unsigned char)(seq >> 24);
    tcp[5] = (unsigned char)(seq >> 16);
    tcp[6] = (unsigned char)(seq >> 8);
    tcp[7] = (unsigned char)seq;
    if (with_ack) {
        tcp[8] = (unsigned char)(ack >> 24);
        tcp[9] = (unsigned char)(ack >> 16);
        tcp[10] = (unsigned char)(ack >> 8);
        tcp[11] = (unsigned char)ack;
    }
    tcp[12] = 5 << 4;
    tcp[13] = (unsigned char)(0x04 | (with_ack ? 0x10 : 0)); /* RST [+ACK] */
    unsigned char pseudo[12];
    memcpy(pseudo, ip_src, 4);
    memcpy(pseudo + 4, ip_dst, 4);
    pseudo[8] = 0;
    pseudo[9] = 6;
    pseudo[10] = 0;
    pseudo[11] = 20;
    c = csum_fold(csum_add(csum_add(0, pseudo, 12), tcp, 20));
    tcp[16] = (unsigned char)(c >> 8);
    tcp[17] = (unsigned char)c;
    send_frame(out, f, sizeof f);
    c_reset_sent++;
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* mode reset: a frame that arrived on `in` (and would go out of `out`) */
static void reset_frame(int in, int out, const unsigned char *f, size_t len)
{
    if (len >= 14 && f[12] == 0x08 && f[13] == 0x06) { /* ARP passes */
        send_frame(out, f, len);
        return;
    }
    c_dropped++;
    if (len < 14 + 20 + 20 || f[12] != 0x08 || f[13] != 0x00)
        return;
    const unsigned char *ip = f + 14;
    size_t ihl = (size_t)(ip[0] & 0x0f) * 4;
    if ((ip[0] >> 4) != 4 || ip[9] != 6 || ihl < 20 || len < 14 + ihl + 20)
        return;
    size_t tot = (size_t)(ip[2] << 8 | ip[3]);
    const unsigned char *tcp = ip + ihl;
    size_t thl = (size_t)(tcp[12] >> 4) * 4;
    if (tot < ihl + thl)
        return;
    uint8_t flags = tcp[13];
    if (flags & 0x04) /* never answer a reset */
        return;
    uint16_t sport = (uint16_t)(tcp[0] << 8 | tcp[1]), dport = (uint16_t)(tcp[2] << 8 | tcp[3]);
    uint32_t seq = rd32(tcp + 4), ack = rd32(tcp + 8);
    uint32_t seglen = (uint32_t)(tot - ihl - thl) + ((flags & 0x02) ? 1 : 0) + ((flags & 0x01) ? 1 : 0);
    /* to the sender, from its peer's address */
    if (flags & 0x10)
        send_rst(in, f + 6, f, ip + 16, ip + 12, dport, sport, ack, 0, 0);
    else
        send_rst(in, f + 6, f, ip + 16, ip + 12, dport, sport, 0, seq + seglen, 1);
    /* to the receiver, as if from the sender (not for a SYN: nothing to kill) */
    if (!(flags & 0x02))
        send_rst(out, f, f + 6, ip + 12, ip + 16, sport, dport, seq, 0, 0);
}

static unsigned char rxbuf[MAX_FRAME];

static void on_frame(int in, size_t len)
{
    int out = 1 - in;
    if (mode == MODE_DROP) {
        c_dropped++;
        return;
    }
    if (mode == MODE_RESET) {
        reset_frame(in, out, rxbuf, len);
        return;
    }
    if (loss_pct > 0 && rnd01() * 100.0 < loss_pct) {
        c_lost++;
        return;
    }
    uint64_t now = now_ns();
    if (delay_ms == 0 && jitter_ms == 0 && heap_n == 0) {
        send_frame(out, rxbuf, len);
        return;
    }
    if (heap_n >= QUEUE_LIMIT) {
        c_overflow++;
        return;
    }
    uint64_t t;
    if (reorder_pct > 0 && rnd01() * 100.0 < reorder_pct) {
        t = now; /* jumps the queue */
        c_reordered++;
    } else {
        double d = (double)delay_ms;
        if (jitter_ms)
            d += (rnd01() * 2.0 - 1.0) * (double)jitter_ms;
        if (d < 0)
            d = 0;
        t = now + (uint64_t)(d * 1e6);
        if (t < last_t[out])
            t = last_t[out];
        last_t[out] = t;
    }
    unsigned char *copy = malloc(len);
    if (!copy) {
        c_overflow++;
        return;
    }
    memcpy(copy, rxbuf, len);
    struct item it = {t, order_ctr++, out, (uint32_t)len, copy};
    heap_push(it);
}

static void flush_due(void)
{
    uint64_t now = now_ns();
    while (heap_n > 0 && heap[0].t_ns <= now) {
        struct item it = heap_pop();
        send_frame(it.out, it.data, it.len);
        free(it.data);
    }
}

static unsigned long long tap_drops(void)
{
    unsigned long long d = 0;
    for (int i = 0; i < 2; i++) {
        struct tpacket_stats st;
        socklen_t sl = sizeof st;
        if (getsockopt(fds[i], SOL_PACKET, PACKET_STATISTICS, &st, &sl) == 0)
            d += st.tp_drops;
    }
    return d;
}

static unsigned long long c_tapdrop;

static void print_stats(void)
{
    c_tapdrop += tap_drops(); /* PACKET_STATISTICS resets on read */
    printf("stats fwd_a=%llu fwd_b=%llu lost=%llu dropped=%llu reordered=%llu resets=%llu "
           "overflow=%llu toobig=%llu txerr=%llu tapdrop=%llu queued=%zu\n",
           c_fwd[0], c_fwd[1], c_lost, c_dropped, c_reordered, c_reset_sent, c_overflow,
           c_toobig, c_txerr, c_tapdrop, heap_n);
    fflush(stdout);
}

static int handle_command(char *line)
{
    line[strcspn(line, "\r\n")] = 0;
    if (strncmp(line, "set", 3) == 0) {
        unsigned d = 0, j = 0;
        double l = 0, r = 0;
        int m = MODE_PASS;
        char *save = NULL;
        for (char *tok = strtok_r(line + 3, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
            if (sscanf(tok, "delay=%u", &d) == 1 || sscanf(tok, "jitter=%u", &j) == 1 ||
                sscanf(tok, "loss=%lf", &l) == 1 || sscanf(tok, "reorder=%lf", &r) == 1)
                continue;
            if (strcmp(tok, "mode=pass") == 0)
                m = MODE_PASS;
            else if (strcmp(tok, "mode=drop") == 0)
                m = MODE_DROP;
            else if (strcmp(tok, "mode=reset") == 0)
                m = MODE_RESET;
            else {
                printf("error unknown field '%s'\n", tok);
                fflush(stdout);
                return 0;
            }
        }
        delay_ms = d;
        jitter_ms = j;
        loss_pct = l;
        reorder_pct = r;
        mode = m;
        printf("ok delay=%u jitter=%u loss=%g reorder=%g mode=%s\n", d, j, l, r,
               m == MODE_PASS ? "pass" : m == MODE_DROP ? "drop" : "reset");
        fflush(stdout);
    } else if (strcmp(line, "stats") == 0) {
        print_stats();
    } else if (strcmp(line, "quit") == 0) {
        return 1;
    } else if (line[0]) {
        printf("error unknown command '%s'\n", line);
        fflush(stdout);
    }
    return 0;
}

static int open_if(const char *name, int *index)
{
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ALL));
    if (fd < 0) {
        perror("netem: socket(AF_PACKET)");
        exit(2);
    }
    *index = (int)if_nametoindex(name);
    if (*index == 0) {
        fprintf(stderr, "netem: no interface %s\n", name);
        exit(2);
    }
    int one = 1, big = 8 << 20;
    setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &big, sizeof big);
    struct sockaddr_ll sa;
    memset(&sa, 0, sizeof sa);
    sa.sll_family = AF_PACKET;
    sa.sll_protocol = htons(ETH_P_ALL);
    sa.sll_ifindex = *index;
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
        perror("netem: bind");
        exit(2);
    }
    struct packet_mreq mr;
    memset(&mr, 0, sizeof mr);
    mr.mr_ifindex = *index;
    mr.mr_type = PACKET_MR_PROMISC;
    setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof mr);
    return fd;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: netem <ifA> <ifB> [seed]\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    ifname[0] = argv[1];
    ifname[1] = argv[2];
    if (argc > 3)
        rng_state ^= strtoull(argv[3], NULL, 0) * 0x2545f4914f6cdd1dull;
    if (!rng_state)
        rng_state = 1;
    heap = calloc(QUEUE_LIMIT + 1, sizeof *heap);
    if (!heap)
        return 2;
    fds[0] = open_if(argv[1], &ifindex[0]);
    fds[1] = open_if(argv[2], &ifindex[1]);
    /* drain whatever queued before the bridge was ready */
    while (recv(fds[0], rxbuf, sizeof rxbuf, 0) > 0) {
    }
    while (recv(fds[1], rxbuf, sizeof rxbuf, 0) > 0) {
    }
    tap_drops();
    printf("ready %s %s\n", argv[1], argv[2]);
    fflush(stdout);

    char cmd[512];
    size_t cmd_len = 0;
    int stdin_open = 1;
    for (;;) {
        struct pollfd p[3] = {{fds[0], POLLIN, 0}, {fds[1], POLLIN, 0}, {0, POLLIN, 0}};
        int timeout = -1;
        if (heap_n > 0) {
            uint64_t now = now_ns(), t = heap[0].t_ns;
            timeout = t <= now ? 0 : (int)((t - now + 999999) / 1000000);
        }
        int n = poll(p, stdin_open ? 3 : 2, timeout);
        if (n < 0 && errno != EINTR) {
            perror("netem: poll");
            return 1;
        }
        for (int i = 0; i < 2; i++) {
            if (!(p[i].revents & POLLIN))
                continue;
            for (int k = 0; k < 256; k++) {
                struct sockaddr_ll from;
                socklen_t fl = sizeof from;
                ssize_t r = recvfrom(fds[i], rxbuf, sizeof rxbuf, MSG_TRUNC,
                                     (struct sockaddr *)&from, &fl);
                if (r < 0)
                    break;
                if (from.sll_pkttype == PACKET_OUTGOING)
                    continue;
                if ((size_t)r > sizeof rxbuf) {
                    c_toobig++;
                    continue;
                }
                on_frame(i, (size_t)r);
            }
        }
        if (stdin_open && (p[2].revents & (POLLIN | POLLHUP))) {
            ssize_t r = read(0, cmd + cmd_len, sizeof cmd - 1 - cmd_len);
            if (r <= 0) {
                stdin_open = 0;
            } else {
                cmd_len += (size_t)r;
                cmd[cmd_len] = 0;
                char *nl;
                while ((nl = strchr(cmd, '\n')) != NULL) {
                    *nl = 0;
                    if (handle_command(cmd))
                        goto out;
                    size_t used = (size_t)(nl - cmd) + 1;
                    memmove(cmd, nl + 1, cmd_len - used + 1);
                    cmd_len -= used;
                }
                if (cmd_len == sizeof cmd - 1)
                    cmd_len = 0; /* overlong line: discard */
            }
        }
        flush_due();
    }
out:
    print_stats();
    return 0;
}
