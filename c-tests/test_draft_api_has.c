/* zmq_has("draft") is 1 in a library that exports the DRAFT API: a libzmq
 * built with --enable-drafts, and ferromq (which always does). The name is
 * compared exactly. */
#include "testutil.h"

int main(void)
{
    TU_START();
    TU_EQ_INT(zmq_has("draft"), 1);
    TU_EQ_INT(zmq_has("DRAFT"), 0);
    TU_EQ_INT(zmq_has("drafts"), 0);
    TU_EQ_INT(zmq_has("draft "), 0);
    printf("zmq_has(\"draft\"): ok\n");
    return 0;
}
