/* zmq_strerror: libzmq's own error numbers have their own texts; system
 * errno values fall back to strerror(). Texts observed on libzmq 4.3.4. */
#include "testutil.h"

int main(void)
{
    TU_START();

    TU_EQ_INT(EFSM, ZMQ_HAUSNUMERO + 51);
    TU_EQ_INT(ENOCOMPATPROTO, ZMQ_HAUSNUMERO + 52);
    TU_EQ_INT(ETERM, ZMQ_HAUSNUMERO + 53);
    TU_EQ_INT(EMTHREAD, ZMQ_HAUSNUMERO + 54);

    TU_EQ_STR(zmq_strerror(EFSM),
              "Operation cannot be accomplished in current state");
    TU_EQ_STR(zmq_strerror(ENOCOMPATPROTO),
              "The protocol is not compatible with the socket type");
    TU_EQ_STR(zmq_strerror(ETERM), "Context was terminated");
    TU_EQ_STR(zmq_strerror(EMTHREAD), "No thread available");
    /* libzmq overrides the text of EHOSTUNREACH. */
    TU_EQ_STR(zmq_strerror(EHOSTUNREACH), "Host unreachable");
    /* Everything else is strerror(). */
    TU_EQ_STR(zmq_strerror(EINVAL), strerror(EINVAL));
    TU_EQ_STR(zmq_strerror(EAGAIN), strerror(EAGAIN));
    TU_EQ_STR(zmq_strerror(ENOTSOCK), strerror(ENOTSOCK));

    /* zmq_errno reports errno of the calling thread. */
    errno = EFSM;
    TU_EQ_INT(zmq_errno(), EFSM);
    return 0;
}
