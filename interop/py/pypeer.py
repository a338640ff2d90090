#!/usr/bin/python3
"""pyzmq twin of interop/peer.c: same arguments, output lines and exit codes.

    pypeer.py <req|rep|pub|sub|push|pull> <bind|connect> <endpoint> <count> [topic] [ctl]

Prints "libzmq <path> version <x.y.z>" (from /proc/self/maps), on the bind side
"endpoint <ep>" (and "ctl <ep>" for pub/sub), then "result OK ..." or
"result FAIL ...". Exit 0 only on success; 1 on failure, 2 on usage errors.
PEER_TIMEOUT_MS (default 10000) bounds every wait.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402


def main(argv):
    usage = ("usage: pypeer.py <req|rep|pub|sub|push|pull> <bind|connect> <endpoint> <count> "
             "[topic] [ctl-endpoint]")
    if len(argv) < 4 or argv[1] not in ("bind", "connect") or not argv[3].isdigit():
        print(usage, file=sys.stderr)
        return 2
    role, mode, ep, count = argv[0], argv[1], argv[2], int(argv[3])
    pubsub = role in ("pub", "sub")
    if role not in ("req", "rep", "pub", "sub", "push", "pull") or \
            (pubsub and (len(argv) < 5 or not argv[4] or (mode == "connect" and len(argv) < 6))) or \
            (not pubsub and len(argv) != 4):
        print(usage, file=sys.stderr)
        return 2
    topic = argv[4] if pubsub else None
    ctl = argv[5] if pubsub and len(argv) > 5 else None
    timeout_ms = int(os.environ.get("PEER_TIMEOUT_MS", "10000") or 10000)

    def fail(msg):
        print(f"result FAIL {role} {mode}: {msg}", flush=True)
        return 1

    try:
        import zmq
    except Exception as e:
        print(f"libzmq {common.mapped_libzmq()} version ?", flush=True)
        return fail(f"import zmq: {type(e).__name__}: {e}")
    print(f"libzmq {common.mapped_libzmq()} version {zmq.zmq_version()}", flush=True)
    side = None
    try:
        side = common.Side(zmq, role, mode, ep, count, topic, ctl, timeout_ms)
        eps = side.setup()
        if mode == "bind":
            print(f"endpoint {eps['endpoint']}", flush=True)
            if pubsub:
                print(f"ctl {eps['ctl']}", flush=True)
        detail = side.run()
    except common.Failure as e:
        return fail(str(e))
    except zmq.ZMQError as e:
        return fail(f"{type(e).__name__}: {e}")
    finally:
        if side is not None:
            side.destroy()
    print(f"result OK {role} {mode} {detail}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
