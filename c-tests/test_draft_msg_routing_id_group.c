/* DRAFT message functions: zmq_msg_set_routing_id / zmq_msg_routing_id
 * (0 = unset; setting 0 is EINVAL), zmq_msg_set_group / zmq_msg_group
 * ("" when unset; 255 bytes is the longest group: libzmq 4.3.5 reads at
 * most 255 bytes of the string, so a longer one is cut to 255), both kept
 * by zmq_msg_copy, and zmq_msg_init_buffer (a copy of the caller's bytes). */
#include "testutil.h"

int main(void)
{
    zmq_msg_t m, c;
    char group[300];
    char buf[100];
    TU_START();

    TU_OK(zmq_msg_init(&m));
    TU_EQ_INT(zmq_msg_routing_id(&m), 0);
    TU_ERR(zmq_msg_set_routing_id(&m, 0), EINVAL);
    TU_OK(zmq_msg_set_routing_id(&m, 0xdeadbeef));
    TU_EQ_INT(zmq_msg_routing_id(&m), 0xdeadbeef);

    TU_EQ_STR(zmq_msg_group(&m), "");
    TU_OK(zmq_msg_set_group(&m, "weather"));
    TU_EQ_STR(zmq_msg_group(&m), "weather");
    memset(group, 'g', sizeof group);
    group[256] = '\0';
    group[0] = 'h';
    TU_OK(zmq_msg_set_group(&m, group)); /* 256 bytes: the first 255 */
    TU_EQ_INT(strlen(zmq_msg_group(&m)), 255);
    TU_ASSERT(zmq_msg_group(&m)[0] == 'h');
    group[256] = 'g'; /* no NUL in the array: only 255 bytes are read */
    TU_OK(zmq_msg_set_group(&m, group));
    TU_EQ_INT(strlen(zmq_msg_group(&m)), 255);
    group[255] = '\0';
    TU_OK(zmq_msg_set_group(&m, group));
    TU_EQ_INT(strlen(zmq_msg_group(&m)), 255);
    /* A fresh message for a short group: libzmq 4.3.5 keeps reporting a
     * message's long group (over 14 bytes) after a short one is set. */
    TU_OK(zmq_msg_close(&m));
    TU_OK(zmq_msg_init(&m));
    TU_OK(zmq_msg_set_routing_id(&m, 0xdeadbeef));
    TU_OK(zmq_msg_set_group(&m, "short"));
    TU_EQ_STR(zmq_msg_group(&m), "short");

    /* a copy keeps both */
    TU_OK(zmq_msg_init(&c));
    TU_OK(zmq_msg_copy(&c, &m));
    TU_EQ_INT(zmq_msg_routing_id(&c), 0xdeadbeef);
    TU_EQ_STR(zmq_msg_group(&c), "short");
    TU_OK(zmq_msg_close(&c));
    /* a message without connection metadata still has none */
    TU_ASSERT(zmq_msg_gets(&m, "Socket-Type") == NULL);
    TU_OK(zmq_msg_close(&m));

    /* zmq_msg_init_buffer copies */
    memset(buf, 'x', sizeof buf);
    TU_OK(zmq_msg_init_buffer(&m, buf, sizeof buf));
    buf[0] = 'y';
    TU_EQ_INT(zmq_msg_size(&m), sizeof buf);
    TU_ASSERT(((char *)zmq_msg_data(&m))[0] == 'x');
    TU_OK(zmq_msg_close(&m));
    TU_OK(zmq_msg_init_buffer(&m, NULL, 0));
    TU_EQ_INT(zmq_msg_size(&m), 0);
    TU_OK(zmq_msg_close(&m));
    return 0;
}
