/* zmq_has and zmq_version, as libzmq 4.3 behaves:
 *   - zmq_has("ipc") is 1 on Linux;
 *   - names are compared exactly (strcmp): "IPC", "ipc ", "Ipc" are 0;
 *     transports that are always built in are not capabilities ("tcp",
 *     "inproc", "udp" are 0), and the WebSocket capability is spelled "WS"
 *     ("ws" is 0);
 *   - "draft" is 0 in a library built without the draft API (Debian's),
 *     1 in ours, which exports the draft API as a libzmq built with
 *     --enable-drafts does;
 *   - the optional ones (curve, gssapi, pgm, tipc, norm, vmci, WS, WSS)
 *     answer exactly 0 or 1 and the same on every call;
 *   - zmq_version is 4.3.x with x >= 4 (Debian 4.3.4, ours 4.3.5). */
#include "testutil.h"

int main(void)
{
    const char *absent[] = {"",    "IPC",    "Ipc",  "ipc ", " ipc", "ip",
                            "tcp", "inproc", "udp",  "ws",   "wss",  "CURVE",
                            "Curve", "plain", "null", "PLAIN", "zmq", "draft "};
    const char *optional[] = {"curve", "gssapi", "pgm", "tipc", "norm",
                              "vmci",  "WS",     "WSS", "draft"};
    unsigned i;
    int major = -1, minor = -1, patch = -1;
    TU_START();

    TU_EQ_INT(zmq_has("ipc"), 1);

    for (i = 0; i < sizeof absent / sizeof absent[0]; i++)
        TU_ASSERT_MSG(zmq_has(absent[i]) == 0, "zmq_has(\"%s\") = %d", absent[i],
                      zmq_has(absent[i]));

    for (i = 0; i < sizeof optional / sizeof optional[0]; i++) {
        int v = zmq_has(optional[i]);
        TU_ASSERT_MSG(v == 0 || v == 1, "zmq_has(\"%s\") = %d", optional[i], v);
        TU_EQ_INT(zmq_has(optional[i]), v);
        printf("zmq_has(\"%s\") = %d\n", optional[i], v);
    }
    /* Debian's libzmq is built without the draft API; ours has it. */
    TU_EQ_INT(zmq_has("draft"), tu_lib_is_ferromq() ? 1 : 0);

    /* The argument is only read: a string literal in read-only memory and a
     * stack copy give the same answer. */
    {
        char copy[8];
        strcpy(copy, "ipc");
        TU_EQ_INT(zmq_has(copy), 1);
        TU_EQ_STR(copy, "ipc");
    }

    zmq_version(&major, &minor, &patch);
    TU_EQ_INT(major, 4);
    TU_EQ_INT(minor, 3);
    TU_ASSERT_MSG(patch >= 4, "patch %d", patch);

    printf("zmq_has: ok\n");
    return 0;
}
