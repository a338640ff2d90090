/* RADIO/DISH wire interop peer (draft API), for interop/draft-rd.sh.
 *
 *   rd_peer radio bind|connect ENDPOINT   sends g1/g2/g3 messages every
 *                                         5 ms for up to 30 s
 *   rd_peer dish  bind|connect ENDPOINT   joins g1 and g2; needs 20 of each
 *                                         (in order per group, never g3),
 *                                         then leaves g2 and needs 40 more
 *                                         g1 with no g2 after the 10th;
 *                                         prints "result OK"
 *
 * With RD_CURVE=1 in the environment the binding side is a CURVE server
 * and the connecting side its client (the RFC 26 / libzmq test keys).
 *
 * Prints "lib PATH" (the libzmq it mapped) first. */
#define ZMQ_BUILD_DRAFT_API
#define _GNU_SOURCE
#include <zmq.h>
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int fail(const char *what)
{
    printf("result FAIL %s: %s\n", what, zmq_strerror(zmq_errno()));
    return 1;
}

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int show_lib(struct dl_phdr_info *i, size_t n, void *d)
{
    (void)n;
    (void)d;
    if (strstr(i->dlpi_name, "libzmq"))
        printf("lib %s\n", i->dlpi_name);
    return 0;
}

static int radio(void *s)
{
    long long end = now_ms() + 30000;
    char body[32];
    int i = 0;
    while (now_ms() < end) {
        const char *groups[3] = {"g3", "g1", "g2"};
        int k;
        for (k = 0; k < 3; k++) {
            zmq_msg_t m;
            snprintf(body, sizeof body, "%d", i);
            zmq_msg_init_size(&m, strlen(body));
            memcpy(zmq_msg_data(&m), body, strlen(body));
            zmq_msg_set_group(&m, groups[k]);
            if (zmq_msg_send(&m, s, 0) < 0)
                return fail("send");
        }
        i++;
        usleep(5000);
    }
    return 0;
}

static int dish(void *s)
{
    int got1 = 0, got2 = 0, last1 = -1, last2 = -1, left = 0, after = 0;
    int t = 10000;
    zmq_setsockopt(s, ZMQ_RCVTIMEO, &t, sizeof t);
    if (zmq_join(s, "g1") || zmq_join(s, "g2"))
        return fail("join");
    while (!left || after < 40) {
        zmq_msg_t m;
        const char *g;
        int v;
        zmq_msg_init(&m);
        if (zmq_msg_recv(&m, s, 0) < 0)
            return fail("recv");
        g = zmq_msg_group(&m);
        {
            char num[32];
            size_t n = zmq_msg_size(&m) < 31 ? zmq_msg_size(&m) : 31;
            memcpy(num, zmq_msg_data(&m), n);
            num[n] = '\0';
            v = atoi(num);
        }
        if (strcmp(g, "g1") == 0) {
            if (v <= last1)
                return fail("g1 out of order");
            last1 = v;
            got1++;
            if (left)
                after++;
        } else if (strcmp(g, "g2") == 0) {
            if (v <= last2)
                return fail("g2 out of order");
            last2 = v;
            got2++;
            if (left && after >= 10) {
                printf("result FAIL g2 after LEAVE\n");
                return 1;
            }
        } else {
            printf("result FAIL got group '%s'\n", g);
            return 1;
        }
        zmq_msg_close(&m);
        if (!left && got1 >= 20 && got2 >= 20) {
            if (zmq_leave(s, "g2"))
                return fail("leave");
            left = 1;
        }
    }
    printf("result OK\n");
    return 0;
}

int main(int argc, char **argv)
{
    void *ctx, *s;
    int is_radio, rc;
    if (argc != 4) {
        fprintf(stderr, "usage: rd_peer radio|dish bind|connect ENDPOINT\n");
        return 2;
    }
    is_radio = strcmp(argv[1], "radio") == 0;
    ctx = zmq_ctx_new();
    s = zmq_socket(ctx, is_radio ? ZMQ_RADIO : ZMQ_DISH);
    if (!s)
        return fail("socket");
    dl_iterate_phdr(show_lib, NULL);
    if (getenv("RD_CURVE") && strcmp(getenv("RD_CURVE"), "1") == 0) {
        const char *spub = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
        const char *ssec = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6";
        const char *cpub = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID";
        const char *csec = "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs";
        int one = 1;
        if (strcmp(argv[2], "bind") == 0) {
            if (zmq_setsockopt(s, ZMQ_CURVE_SERVER, &one, sizeof one)
                || zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, ssec, 40))
                return fail("curve server");
        } else if (zmq_setsockopt(s, ZMQ_CURVE_SERVERKEY, spub, 40)
                   || zmq_setsockopt(s, ZMQ_CURVE_PUBLICKEY, cpub, 40)
                   || zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, csec, 40))
            return fail("curve client");
    }
    fflush(stdout);
    rc = strcmp(argv[2], "bind") == 0 ? zmq_bind(s, argv[3]) : zmq_connect(s, argv[3]);
    if (rc)
        return fail(argv[2]);
    rc = is_radio ? radio(s) : dish(s);
    fflush(stdout);
    zmq_close(s);
    zmq_ctx_term(ctx);
    return rc;
}
