/* ZMQ_BINDTODEVICE on udp:// endpoints: a DISH and a RADIO bound to "lo"
 * still talk over 127.0.0.1. A name that is no interface: ferromq's
 * zmq_bind fails with ENODEV (libzmq returns 0 and its endpoint never
 * works: it binds later in its I/O thread and drops the error). (Needs
 * root before Linux 5.7; the tests run as root.) Runs on ferromq only: the
 * draft libzmq reference (a cmake build) lacks SO_BINDTODEVICE, so its udp
 * endpoints with the option fail and retry forever. */
#include "rd_util.h"

int main(void)
{
    char ep[64];
    void *ctx, *radio, *dish, *bad;
    TU_START();
    if (!tu_lib_is_ferromq()) {
        printf("SKIP: the reference build has no SO_BINDTODEVICE\n");
        return 0;
    }
    ctx = tu_ctx();
    radio = tu_socket(ctx, ZMQ_RADIO);
    dish = tu_socket(ctx, ZMQ_DISH);
    TU_OK(zmq_setsockopt(radio, ZMQ_BINDTODEVICE, "lo", 2));
    TU_OK(zmq_setsockopt(dish, ZMQ_BINDTODEVICE, "lo", 2));
    snprintf(ep, sizeof ep, "udp://127.0.0.1:%d", rd_free_udp_port());
    TU_OK(zmq_bind(dish, ep));
    TU_OK(zmq_join(dish, "d"));
    TU_OK(zmq_connect(radio, ep));
    rd_sync(radio, dish, "d");
    rd_send(radio, "d", "on lo");
    rd_expect(dish, "d", "on lo");

    bad = tu_socket(ctx, ZMQ_DISH);
    TU_OK(zmq_setsockopt(bad, ZMQ_BINDTODEVICE, "nosuchdev0", 10));
    snprintf(ep, sizeof ep, "udp://127.0.0.1:%d", rd_free_udp_port());
    TU_ERR(zmq_bind(bad, ep), ENODEV);
    TU_OK(zmq_close(bad));
    TU_OK(zmq_close(radio));
    TU_OK(zmq_close(dish));
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
