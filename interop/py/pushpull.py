#!/usr/bin/python3
"""Interop: pyzmq pushpull in this process against a peer process (interop/peer.c or
pypeer.py) on another libzmq, over tcp and ipc, each side binding in turn.

    LD_LIBRARY_PATH=build/lib /usr/bin/python3 interop/py/pushpull.py --c-peer PEER [options]

First proves from /proc/self/maps that this process mapped the expected libzmq
(--expect, default ours = $FERROMQ_LIBDIR or build/lib); each peer proves it
mapped --peer-lib (default the system libzmq). Exit 0 if every case passed,
1 if any failed, 2 if this process loaded the wrong library (or none).
See --help and common.py.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

if __name__ == "__main__":
    sys.exit(common.pattern_main("pushpull"))
