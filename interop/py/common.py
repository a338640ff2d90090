"""Shared code for the pyzmq side of the interop ring (interop/py/).

- The deterministic message sequence, byte for byte the same as interop/peer.c
  (see the comment at the top of peer.c), so a pyzmq process and the C peer
  can be on either side of any pattern.
- `Side`: one role (req rep pub sub push pull) played in-process with pyzmq,
  including the PUB/SUB hello + side-channel handshake of peer.c.
- `pattern_main`: the body of reqrep.py / pubsub.py / pushpull.py: prove which
  libzmq this process mapped, then run every case of one pattern against a
  peer process (the C peer or pypeer.py) on the other library.

Only the standard library and Debian's python3-zmq are used.
"""
import argparse
import os
import queue
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

SIZES = [0, 1, 17, 255, 256, 300, 1000, 8192, 65539]
BIG = 1 << 20
MAX_PARTS = 16

# role A / role B of each pattern (A: req pub push; B: rep sub pull)
PATTERNS = {"reqrep": ("req", "rep"), "pubsub": ("pub", "sub"), "pushpull": ("push", "pull")}
DEFAULT_TOPIC = "weather"


# ---- which libzmq ---------------------------------------------------------------


def mapped_libzmq():
    """realpath of the libzmq mapped into this process, or None"""
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                if "libzmq" in line and "/" in line:
                    return os.path.realpath(line[line.index("/"):].strip())
    except OSError:
        pass
    return None


def system_libzmq():
    """realpath of the libzmq.so.5 a process without LD_LIBRARY_PATH loads"""
    for d in ("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib"):
        p = os.path.join(d, "libzmq.so.5")
        if os.path.exists(p):
            return os.path.realpath(p)
    try:
        out = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True,
                             timeout=10).stdout
        for line in out.splitlines():
            if line.strip().startswith("libzmq.so.5 "):
                return os.path.realpath(line.split("=>")[-1].strip())
    except (OSError, subprocess.SubprocessError):
        pass
    return "/usr/lib/x86_64-linux-gnu/libzmq.so.5"


def our_libdir():
    return os.environ.get("FERROMQ_LIBDIR") or os.path.join(ROOT, "build", "lib")


def resolve_lib(spec):
    """'ours' | 'system' | a path -> (label, realpath of the library file)"""
    if spec == "ours":
        return "ours", os.path.realpath(os.path.join(our_libdir(), "libzmq.so.5"))
    if spec == "system":
        return "system", system_libzmq()
    return spec, os.path.realpath(spec)


def env_for(spec):
    """environment for a child process that must load library `spec`"""
    env = dict(os.environ)
    env.pop("LD_LIBRARY_PATH", None)
    if spec == "ours":
        env["LD_LIBRARY_PATH"] = our_libdir()
    elif spec != "system":
        env["LD_LIBRARY_PATH"] = os.path.dirname(os.path.realpath(spec))
    return env


# ---- the sequence (mirror of peer.c) ----------------------------------------------

_PATTERNS = {}


def nparts(i, salt):
    return 2 if i == 1 else 1 + (i + salt) % 4


def size(i, salt, j):
    if i == 1:
        return BIG + salt if j == 0 else 0
    return SIZES[(i + 3 * j + salt) % len(SIZES)]


def part(i, salt, j):
    start = (i * 131 + j * 29 + salt * 57) & 0xFF
    pat = _PATTERNS.get(start)
    if pat is None:
        pat = _PATTERNS[start] = bytes((start + 7 * k) & 0xFF for k in range(256))
    n = size(i, salt, j)
    return (pat * (n // 256 + 1))[:n]


def gen(i, salt):
    return [part(i, salt, j) for j in range(nparts(i, salt))]


def total_bytes(count, salt):
    return sum(size(i, salt, j) for i in range(count) for j in range(nparts(i, salt)))


class Failure(Exception):
    pass


def check_gen(frames, i, salt, what):
    want = gen(i, salt)
    if len(frames) != len(want):
        raise Failure(f"{what} {i}: expected {len(want)} parts, got {len(frames)}")
    for j, (got, exp) in enumerate(zip(frames, want)):
        if len(got) != len(exp):
            raise Failure(f"{what} {i} part {j}: expected {len(exp)} bytes, got {len(got)}")
        if got != exp:
            k = next(k for k in range(len(exp)) if got[k] != exp[k])
            raise Failure(f"{what} {i} part {j}: byte {k} is 0x{got[k]:02x}, "
                          f"expected 0x{exp[k]:02x}")


# ---- one role, in-process ---------------------------------------------------------


class Side:
    """One role of a pattern played with pyzmq. setup() binds/connects and returns
    {'endpoint': ..., 'ctl': ...} (resolved when binding); run() returns a detail
    string or raises Failure; close() is always safe."""

    def __init__(self, zmq, role, mode, endpoint, count, topic=None, ctl=None,
                 timeout_ms=10000):
        self.zmq = zmq
        self.role, self.mode, self.endpoint, self.count = role, mode, endpoint, count
        self.topic = topic
        self.ctl_ep = ctl
        self.timeout_ms = timeout_ms
        self.ctx = None
        self.sock = None
        self.ctl = None
        if role in ("pub", "sub"):
            if not topic:
                raise Failure("pub/sub need a non-empty topic")
            if ctl is None:
                if mode == "connect":
                    raise Failure("pub/sub connect needs the ctl endpoint")
                self.ctl_ep = (endpoint + "-ctl" if endpoint.startswith("ipc://")
                               else "tcp://127.0.0.1:*")

    def _socket(self, kind):
        zmq = self.zmq
        s = self.ctx.socket(kind)
        s.setsockopt(zmq.LINGER, self.timeout_ms)
        s.setsockopt(zmq.RCVTIMEO, self.timeout_ms)
        s.setsockopt(zmq.SNDTIMEO, self.timeout_ms)
        return s

    def _attach(self, s, ep):
        if self.mode == "bind":
            s.bind(ep)
            return s.getsockopt(self.zmq.LAST_ENDPOINT).decode()
        s.connect(ep)
        return ep

    def setup(self):
        zmq = self.zmq
        self.ctx = zmq.Context()
        kinds = {"req": zmq.REQ, "rep": zmq.REP, "pub": zmq.PUB, "sub": zmq.SUB,
                 "push": zmq.PUSH, "pull": zmq.PULL}
        if self.role not in kinds:
            raise Failure(f"unknown role {self.role}")
        self.sock = self._socket(kinds[self.role])
        if self.role in ("pub", "push"):
            self.sock.setsockopt(zmq.SNDHWM, 0)
        if self.role in ("sub", "pull"):
            self.sock.setsockopt(zmq.RCVHWM, 0)
        if self.role == "sub":
            self.sock.setsockopt(zmq.SUBSCRIBE, self.topic.encode())
        eps = {"endpoint": self._attach(self.sock, self.endpoint)}
        if self.role == "pub":
            self.ctl = self._socket(zmq.REP)
        elif self.role == "sub":
            self.ctl = self._socket(zmq.REQ)
        if self.ctl is not None:
            eps["ctl"] = self._attach(self.ctl, self.ctl_ep)
        return eps

    def _recv(self, s, what):
        try:
            frames = s.recv_multipart(copy=True)
        except self.zmq.Again:
            raise Failure(f"recv {what}: timed out") from None
        except self.zmq.ZMQError as e:
            raise Failure(f"recv {what}: {e}") from None
        if len(frames) > MAX_PARTS:
            raise Failure(f"{what}: message with {len(frames)} parts")
        return frames

    def _send(self, s, frames, what):
        try:
            s.send_multipart(frames, copy=True)
        except self.zmq.ZMQError as e:
            raise Failure(f"send {what}: {e}") from None

    def close(self):
        """closes the sockets and terminates the context; returns ms spent in term"""
        if self.ctx is None:
            return 0
        for s in (self.sock, self.ctl):
            if s is not None:
                s.close()
        t0 = time.monotonic()
        self.ctx.term()
        self.ctx = None
        return int((time.monotonic() - t0) * 1000)

    def destroy(self):
        if self.ctx is not None:
            self.ctx.destroy(linger=0)
            self.ctx = None

    def _term_checked(self, what):
        waited = self.close()
        if self.count > 0 and waited >= self.timeout_ms:
            raise Failure(f"zmq_ctx_term took {waited} ms (linger expired: {what} may be lost)")

    def run(self):
        return getattr(self, "_run_" + self.role)()

    def _run_req(self):
        for i in range(self.count):
            self._send(self.sock, gen(i, 0), f"request {i}")
            check_gen(self._recv(self.sock, f"reply {i}"), i, 1, "reply")
        self.close()
        return f"count={self.count}"

    def _run_rep(self):
        for i in range(self.count):
            check_gen(self._recv(self.sock, f"request {i}"), i, 0, "request")
            self._send(self.sock, gen(i, 1), f"reply {i}")
        self._term_checked("the last reply")
        return f"count={self.count}"

    def _run_push(self):
        for i in range(self.count):
            self._send(self.sock, gen(i, 0), f"message {i}")
        self._term_checked("messages")
        return f"count={self.count} bytes={total_bytes(self.count, 0)}"

    def _run_pull(self):
        for i in range(self.count):
            check_gen(self._recv(self.sock, f"message {i}"), i, 0, "message")
        self.sock.setsockopt(self.zmq.RCVTIMEO, 100)
        try:
            extra = self.sock.recv_multipart()
            raise Failure(f"unexpected extra message after {self.count} ({len(extra)} parts)")
        except self.zmq.Again:
            pass
        self.sock.setsockopt(self.zmq.LINGER, 0)  # receive-only: nothing to flush
        self.close()
        return f"count={self.count} bytes={total_bytes(self.count, 0)}"

    def _run_pub(self):
        zmq = self.zmq
        t = self.topic.encode()
        hello, end = t + b"/hello", t + b"/end"
        near = t[:-1]
        other = bytes([(t[0] + 1) & 0xFF]) + t[1:] + b"/x"
        deadline = time.monotonic() + self.timeout_ms / 1000
        hellos = 0
        while True:
            if time.monotonic() > deadline:
                raise Failure(f"no 'ready' from the subscriber within {self.timeout_ms} ms "
                              f"({hellos} hellos published)")
            self._send(self.sock, [hello], "hello")
            hellos += 1
            if self.ctl.poll(20, zmq.POLLIN):
                if self._recv(self.ctl, "ctl ready") != [b"ready"]:
                    raise Failure("ctl: expected 'ready'")
                self._send(self.ctl, [b"go"], "ctl go")
                break
        for i in range(self.count):
            payload = gen(i, 2)
            if i % 2 == 0:
                self._send(self.sock, [near] + payload, f"near-miss {i}")
            self._send(self.sock, [other] + payload, f"non-matching {i}")
            self._send(self.sock, [t + b"/%d" % i] + payload, f"message {i}")
        self._send(self.sock, [end], "end")
        report = self._recv(self.ctl, "ctl report from the subscriber")[0].decode(errors="replace")
        self._send(self.ctl, [b"bye"], "ctl bye")
        self.close()
        if not report.startswith("OK"):
            raise Failure(f"subscriber reported: {report}")
        return f"count={self.count} hellos={hellos} subscriber: {report}"

    def _run_sub(self):
        t = self.topic.encode()
        hello, end = t + b"/hello", t + b"/end"
        first = self._recv(self.sock, "hello")
        if first[0] != hello:
            raise Failure(f"expected {hello!r} first, got topic {first[0][:80]!r}")
        self._send(self.ctl, [b"ready"], "ctl ready")
        if self._recv(self.ctl, "ctl go") != [b"go"]:
            raise Failure("ctl: expected 'go'")
        i = stale = 0
        err = None
        while err is None:
            try:
                frames = self._recv(self.sock, f"message {i}")
            except Failure as e:
                err = str(e)
                break
            topic = frames[0]
            if not topic.startswith(t):
                err = f"filter breach: got topic {topic[:80]!r} (subscribed to {t!r})"
            elif topic == hello and i == 0:
                stale += 1
            elif topic == end:
                if i != self.count:
                    err = f"'end' after {i} of {self.count} messages"
                break
            elif topic != t + b"/%d" % i:
                err = f"expected topic {t + b'/%d' % i!r}, got {topic[:80]!r}"
            else:
                try:
                    check_gen(frames[1:], i, 2, "message")
                except Failure as e:
                    err = str(e)
                i += 1
        report = f"FAIL {err}" if err else f"OK received={i} stale_hellos={stale}"
        self._send(self.ctl, [report.encode()], "ctl report")
        try:
            bye = self._recv(self.ctl, "ctl bye")
        except Failure:
            bye = None
        # nothing to flush from a SUB; without this, a SUB that reconnects after the
        # publisher went away re-queues its subscription and zmq_ctx_term waits LINGER
        self.sock.setsockopt(self.zmq.LINGER, 0)
        self.close()
        if err:
            raise Failure(err)
        if bye != [b"bye"]:
            raise Failure("no 'bye' from the publisher on the side channel")
        return f"count={self.count} stale_hellos={stale} bytes={total_bytes(self.count, 2)}"


# ---- a peer process -----------------------------------------------------------------


class PeerProcess:
    """A peer (C peer or pypeer.py) run in the background; stdout lines are
    collected by a thread so waits stay bounded."""

    def __init__(self, argv, env, timeout_s):
        self.argv = argv
        self.timeout_s = timeout_s
        self.lines = []
        self.q = queue.Queue()
        # own process group, so a kill also reaches anything it started
        self.p = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  start_new_session=True)
        self.t = threading.Thread(target=self._reader, daemon=True)
        self.t.start()

    def _reader(self):
        for raw in self.p.stdout:
            line = raw.decode(errors="replace").rstrip("\n")
            self.lines.append(line)
            self.q.put(line)
        self.q.put(None)

    def wait_for(self, keys, timeout_s):
        """waits for lines starting with each of `keys`; returns {key: rest}"""
        found = {}
        deadline = time.monotonic() + timeout_s
        while len(found) < len(keys):
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure(f"peer printed no {' / '.join(keys)} line within {timeout_s:.0f} s")
            try:
                line = self.q.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise Failure("peer exited before printing its endpoint: " + self.tail())
            for k in keys:
                if line.startswith(k + " "):
                    found[k] = line[len(k) + 1:].strip()
        return found

    def finish(self, timeout_s):
        """waits (bounded) for exit; kills the process group on timeout; returns rc"""
        try:
            rc = self.p.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.kill()
            rc = "timeout"
        self.t.join(timeout=5)
        return rc

    def kill(self):
        try:
            os.killpg(self.p.pid, 9)
        except OSError:
            pass
        try:
            self.p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass

    def tail(self, n=4):
        return " | ".join(self.lines[-n:]) or "(no output)"


def check_peer(peer, rc, want_lib):
    """(ok, reason) for a finished peer: exit 0, result OK, the right libzmq"""
    libs = [ln.split()[1] for ln in peer.lines if ln.startswith("libzmq ")]
    if not libs:
        return False, f"peer printed no libzmq line (rc={rc}): {peer.tail()}"
    if os.path.realpath(libs[0]) != want_lib:
        return False, f"peer mapped {libs[0]}, expected {want_lib}"
    if rc != 0:
        return False, f"peer rc={rc}: {peer.tail()}"
    if not any(ln.startswith("result OK") for ln in peer.lines):
        return False, f"peer printed no 'result OK': {peer.tail()}"
    return True, ""


# ---- the driver behind reqrep.py / pubsub.py / pushpull.py ------------------------------


def prove_lib(zmq_name, expect_spec):
    """imports zmq and checks /proc/self/maps; exits 2 on mismatch"""
    label, want = resolve_lib(expect_spec)
    try:
        import zmq  # noqa: F401  (Debian's python3-zmq)
    except Exception as e:  # our library may not even load yet
        print(f"{zmq_name}: FAIL import zmq with LD_LIBRARY_PATH="
              f"{os.environ.get('LD_LIBRARY_PATH', '')}: {type(e).__name__}: {e}", flush=True)
        sys.exit(2)
    got = mapped_libzmq()
    print(f"{zmq_name}: pyzmq {zmq.__version__} from {os.path.dirname(zmq.__file__)}; "
          f"libzmq {got} (zmq_version {zmq.zmq_version()}); expected {label}: {want}", flush=True)
    if got != want:
        print(f"{zmq_name}: FAIL this process mapped {got}, expected {want}", flush=True)
        sys.exit(2)
    return zmq


def pattern_main(pattern):
    name = f"py/{pattern}"
    ap = argparse.ArgumentParser(
        prog=f"{pattern}.py",
        description=f"pyzmq ({pattern}) in this process against a peer process on another "
                    "libzmq. Run it with LD_LIBRARY_PATH=build/lib to put pyzmq on ours.")
    ap.add_argument("--expect", default="ours",
                    help="libzmq this process must map: ours | system | PATH [ours]")
    ap.add_argument("--peer-lib", default="system",
                    help="libzmq the peer process must map: system | ours | PATH [system]")
    ap.add_argument("--peers", default="c,py",
                    help="peer kinds: c (interop/peer.c, needs --c-peer) and/or py (pypeer.py)")
    ap.add_argument("--c-peer", help="compiled interop/peer.c")
    ap.add_argument("--transports", default="tcp,ipc")
    ap.add_argument("--count", type=int, default=50)
    ap.add_argument("--timeout-ms", type=int, default=10000)
    ap.add_argument("--tmpdir", help="directory for ipc sockets [a fresh one under /tmp]")
    ap.add_argument("--topic", default=DEFAULT_TOPIC)
    a = ap.parse_args()

    zmq = prove_lib(name, a.expect)
    peer_label, peer_want = resolve_lib(a.peer_lib)
    peers = [p for p in a.peers.split(",") if p]
    if "c" in peers and not (a.c_peer and os.access(a.c_peer, os.X_OK)):
        print(f"{name}: FAIL --c-peer missing or not executable: {a.c_peer}", flush=True)
        return 2
    own_tmp = a.tmpdir is None
    tmpdir = a.tmpdir or __import__("tempfile").mkdtemp(prefix="fmq-py-")
    role_a, role_b = PATTERNS[pattern]
    peer_timeout_s = a.timeout_ms / 1000 * 3 + 10
    results = []
    n = 0
    try:
        for transport in a.transports.split(","):
            for peer_kind in peers:
                for our_role, peer_role in ((role_a, role_b), (role_b, role_a)):
                    for we_bind in (True, False):
                        n += 1
                        case = (f"{transport:3s} pyzmq:{our_role:4s} {'bind' if we_bind else 'conn'}"
                                f" <-> {peer_kind}-peer:{peer_role:4s} ({peer_label})")
                        if transport == "tcp":
                            bind_ep = "tcp://127.0.0.1:*"
                        else:
                            bind_ep = f"ipc://{tmpdir}/{pattern}-{n}.sock"
                        dog = Watchdog(f"{name}: FAIL  {case}\n        hung for "
                                       f"{peer_timeout_s + 10:.0f} s (watchdog): giving up",
                                       peer_timeout_s + 10)
                        try:
                            ok, why = run_case(zmq, a, pattern, our_role, peer_role, we_bind,
                                               bind_ep, peer_kind, peer_timeout_s, peer_want,
                                               dog)
                        finally:
                            dog.cancel()
                        results.append((case, ok, why))
                        print(f"{name}: {'PASS' if ok else 'FAIL'}  {case}"
                              + ("" if ok else f"\n        {why}"), flush=True)
    finally:
        if own_tmp:
            import shutil
            shutil.rmtree(tmpdir, ignore_errors=True)
    failed = sum(1 for _, ok, _ in results if not ok)
    print(f"{name}: {len(results) - failed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


class Watchdog:
    """A library call that never returns (RCVTIMEO ignored, a hung zmq_ctx_term) cannot
    be interrupted from Python: after `seconds`, print `msg`, kill the peer and exit 1."""

    def __init__(self, msg, seconds):
        self.msg = msg
        self.peer = None
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True
        self.timer.start()

    def _fire(self):
        print(self.msg, flush=True)
        if self.peer is not None:
            self.peer.kill()
        os._exit(1)

    def cancel(self):
        self.timer.cancel()


def run_case(zmq, a, pattern, our_role, peer_role, we_bind, bind_ep, peer_kind,
             peer_timeout_s, peer_want, dog=None):
    topic = a.topic if pattern == "pubsub" else None
    if peer_kind == "c":
        cmd = [a.c_peer]
    else:
        cmd = ["/usr/bin/python3", os.path.join(HERE, "pypeer.py")]
    env = env_for(a.peer_lib)
    env["PEER_TIMEOUT_MS"] = str(a.timeout_ms)
    peer = None
    side = None
    try:
        if we_bind:
            side = Side(zmq, our_role, "bind", bind_ep, a.count, topic, None, a.timeout_ms)
            eps = side.setup()
            args = [peer_role, "connect", eps["endpoint"], str(a.count)]
            if topic:
                args += [topic, eps["ctl"]]
            peer = PeerProcess(cmd + args, env, peer_timeout_s)
            if dog:
                dog.peer = peer
        else:
            args = [peer_role, "bind", bind_ep, str(a.count)] + ([topic] if topic else [])
            peer = PeerProcess(cmd + args, env, peer_timeout_s)
            if dog:
                dog.peer = peer
            keys = ["endpoint", "ctl"] if topic else ["endpoint"]
            eps = peer.wait_for(keys, a.timeout_ms / 1000 + 5)
            side = Side(zmq, our_role, "connect", eps["endpoint"], a.count, topic,
                        eps.get("ctl"), a.timeout_ms)
            side.setup()
        ours_detail = side.run()
        ours_ok, ours_why = True, ""
    except Failure as e:
        ours_ok, ours_why = False, f"pyzmq side: {e}"
    except Exception as e:  # ZMQError, or anything a half-written library provokes
        ours_ok, ours_why = False, f"pyzmq side: {type(e).__name__}: {e}"
    finally:
        if side is not None:
            side.destroy()
    if peer is None:
        return False, ours_why
    # after our own failure the peer can only time out: don't wait for that
    rc = peer.finish(peer_timeout_s if ours_ok else 1)
    peer_ok, peer_why = check_peer(peer, rc, peer_want)
    if ours_ok and peer_ok:
        return True, ours_detail
    return False, "; ".join(w for w in (ours_why, peer_why) if w)
