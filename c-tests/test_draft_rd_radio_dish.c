/* RADIO/DISH (draft) over tcp, ipc and inproc, each side binding in turn:
 * a DISH gets the messages of the groups it joined, exact match (not a
 * prefix), with the group on the message; zmq_leave stops a group; a
 * message sent without a group goes to DISHes that joined "" (libzmq's
 * rule: no group is the empty group). */
#include "rd_util.h"

static void run(void *ctx, const char *transport, int dish_binds)
{
    char ep[256];
    void *radio = tu_socket(ctx, ZMQ_RADIO);
    void *dish = tu_socket(ctx, ZMQ_DISH);
    void *binder = dish_binds ? dish : radio;
    void *connecter = dish_binds ? radio : dish;

    tu_endpoint_for(transport, ep, sizeof ep);
    TU_OK(zmq_bind(binder, ep));
    if (strcmp(transport, "tcp") == 0)
        tu_last_endpoint(binder, ep, sizeof ep);
    TU_OK(zmq_join(dish, "Movies"));
    TU_OK(zmq_connect(connecter, ep));
    TU_OK(zmq_join(dish, "TV"));
    TU_OK(zmq_join(dish, ""));

    rd_sync(radio, dish, "Movies");
    rd_sync(radio, dish, "TV"); /* joined after connect: also arrived */

    rd_send(radio, "Weather", "Rain");
    rd_send(radio, "Movie", "prefix of Movies");
    rd_send(radio, "Movies2", "Movies is a prefix");
    rd_send(radio, "Movies", "Godfather");
    rd_send(radio, "TV", "Friends");
    rd_send(radio, NULL, "no group");
    rd_expect(dish, "Movies", "Godfather");
    rd_expect(dish, "TV", "Friends");
    rd_expect(dish, "", "no group");
    rd_expect_none(dish);

    TU_OK(zmq_leave(dish, "TV"));
    /* Once a later Movies marker arrived, the LEAVE was applied. */
    rd_sync(radio, dish, "Movies");
    rd_send(radio, "TV", "gone");
    rd_send(radio, "Movies", "Casablanca");
    rd_expect(dish, "Movies", "Casablanca");
    rd_expect_none(dish);

    TU_OK(zmq_close(radio));
    TU_OK(zmq_close(dish));
}

int main(void)
{
    void *ctx;
    TU_START();
    ctx = tu_ctx();
    run(ctx, "tcp", 1);
    run(ctx, "tcp", 0);
    run(ctx, "ipc", 1);
    run(ctx, "ipc", 0);
    run(ctx, "inproc", 1);
    run(ctx, "inproc", 0);
    TU_OK(zmq_ctx_term(ctx));
    return 0;
}
