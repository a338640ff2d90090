/* zmq_version reports the libzmq 4.3 API level (system 4.3.4, ours 4.3.5),
 * and agrees with the ZMQ_VERSION_* macros of the header we compiled with
 * on major and minor. The patch level is not asserted. */
#include "testutil.h"

int main(void)
{
    int major = -1, minor = -1, patch = -1;
    TU_START();

    zmq_version(&major, &minor, &patch);
    printf("zmq_version: %d.%d.%d\n", major, minor, patch);
    TU_EQ_INT(major, 4);
    TU_EQ_INT(minor, 3);
    TU_ASSERT(patch >= 0);

    TU_EQ_INT(ZMQ_VERSION_MAJOR, 4);
    TU_EQ_INT(ZMQ_VERSION_MINOR, 3);
    TU_EQ_INT(ZMQ_VERSION,
              ZMQ_MAKE_VERSION(ZMQ_VERSION_MAJOR, ZMQ_VERSION_MINOR,
                               ZMQ_VERSION_PATCH));
    return 0;
}
