#!/usr/bin/env python3
"""tools/chaos/report.py WORKDIR LIB...: the comparison table of `make chaos`.

Reads what tools/chaos/run.sh left in WORKDIR/<lib>/ (phases, one log per
peer process, their exit codes) and prints, per pattern, what each library
did; exits 1 if ours lost, duplicated, reordered or corrupted messages where
libzmq did not, or if any process crashed, hung or mapped the wrong library.

Where loss is allowed:
  - any pattern, across the partition that kills the connections (gaps that
    show up from its start to the end of the recovery after it);
  - PUB/SUB, anywhere (a publisher drops at its high-water mark).
PUSH/PULL, DEALER/ROUTER and the REQ client must lose nothing else: not in the
delay/loss/reorder phases, not across the partition that TCP survives, and
nothing may be missing at the end (after a clean drain).
"""
import os
import re
import sys

SENDERS = {"push": "pull", "pub": "sub", "req": "rep", "dealer": "router"}
CONNECTORS = ["push", "sub", "req", "dealer"]
PROCS = ["push", "pull", "pub", "sub", "req", "rep", "dealer", "router"]


def kv(line):
    return {k: v for k, v in re.findall(r"(\w+)=(-?\d+)", line)}


class Proc:
    def __init__(self, path, name):
        self.name = name
        self.lines = []
        if os.path.exists(path):
            with open(path, errors="replace") as f:
                self.lines = [l.rstrip("\n") for l in f]
        self.lib = None
        self.finals = {}
        self.events = []  # (ms, name)
        self.gaps = {}  # stream -> [(ms, from, count)]
        self.stalls = {}  # stream -> [(start, end)]
        self.rss = []  # (ms, kB, fds)
        self.bad = []  # dup/reorder/corrupt/mismatch/fatal lines
        for l in self.lines:
            w = l.split()
            if not w:
                continue
            if w[0] == "libzmq" and len(w) >= 2:
                self.lib = w[1]
            elif w[0] in ("final", "final_rss") and len(w) >= 2:
                self.finals.setdefault(w[1], {}).update({k: int(v) for k, v in kv(l).items()})
            elif w[0] == "ev" and len(w) >= 4:
                self.events.append((int(w[1]), w[3]))
            elif w[0] == "gap" and len(w) >= 5:
                self.gaps.setdefault(w[1], []).append((int(w[2]), int(w[3]), int(w[4])))
            elif w[0] == "stall" and len(w) >= 4:
                self.stalls.setdefault(w[1], []).append((int(w[2]), int(w[3])))
            elif w[0] == "rss" and len(w) >= 4:
                self.rss.append((int(w[1]), int(w[2]), int(w[3])))
            elif w[0] in ("dup", "reorder", "corrupt", "mismatch", "fatal"):
                self.bad.append(l)
        rcf = path[:-4] + ".rc"
        self.rc = open(rcf).read().strip() if os.path.exists(rcf) else "?"
        self.hang = os.path.exists(path[:-4] + ".hang")

    def final(self, key, field, default=None):
        return self.finals.get(key, {}).get(field, default)

    def max_rss(self):
        return max((r[1] for r in self.rss), default=0)


class Run:
    def __init__(self, work, lib):
        d = os.path.join(work, lib)
        self.lib = lib
        self.dir = d
        self.expect = open(os.path.join(d, "expect-lib")).read().split()[1]
        self.phases = {}
        for l in open(os.path.join(d, "phases")):
            w = l.split()
            if len(w) == 3:
                self.phases[w[0]] = (int(w[1]), int(w[2]))
        self.p = {n: Proc(os.path.join(d, n + ".log"), n) for n in PROCS}
        self.problems = []  # crashes, hangs, wrong library
        for n, pr in self.p.items():
            if pr.lib is None:
                self.problems.append(f"{n}: no libzmq line")
            elif os.path.realpath(pr.lib) != self.expect:
                self.problems.append(f"{n}: mapped {pr.lib}, expected {self.expect}")
            if pr.hang:
                self.problems.append(f"{n}: hung at exit (see {n}.hang)")
            elif pr.rc != "0":
                self.problems.append(f"{n}: exit status {pr.rc} ({'timeout' if pr.rc in ('124', '137') else 'crash/failure'})")
            if not pr.finals:
                self.problems.append(f"{n}: no final totals")
            for b in pr.bad:
                if b.startswith("fatal"):
                    self.problems.append(f"{n}: {b}")

    def window(self, a, b):
        return (self.phases[a][0], self.phases[b][1])

    def classify(self, gaps, allow_anywhere):
        """-> (killed, other): messages lost in gaps detected in the kill
        window, and elsewhere (other is allowed only when allow_anywhere)"""
        kw = self.window("kill", "recover2")
        killed = other = 0
        where = {}
        for ms, _frm, cnt in gaps:
            if kw[0] <= ms <= kw[1]:
                killed += cnt
            else:
                other += cnt
                ph = next((n for n, (s, e) in self.phases.items() if s <= ms <= e), "end")
                where[ph] = where.get(ph, 0) + cnt
        return killed, other, where

    def resume(self, stalls, phase):
        heal = self.phases[phase][1]
        for s, e in stalls:
            if s <= heal <= e:
                return e - heal
        return None

    def reconnect(self, proc):
        ks, ke = self.phases["kill"]
        rend = self.phases["recover2"][1]
        disc = [t for t, e in proc.events if e == "DISCONNECTED" and ks <= t <= rend]
        conn = [t for t, e in proc.events if e == "CONNECTED" and t >= ke]
        bs, _ = self.phases["blackhole"]
        r1 = self.phases["recover1"][1]
        bh_disc = [t for t, e in proc.events if e == "DISCONNECTED" and bs <= t <= r1]
        return (len(disc), (conn[0] - ke) if disc and conn else None, len(bh_disc))


def fmt_ms(v):
    return "-" if v is None else f"{v} ms"


def mib(kb):
    return f"{kb / 1024:.1f}"


def main():
    work = sys.argv[1]
    libs = sys.argv[2:]
    runs = {lib: Run(work, lib) for lib in libs}
    rss_limit = int(os.environ.get("CHAOS_RSS_LIMIT_MB", "256")) * 1024
    rows = []  # (pattern, metric, {lib: value})
    viol = {lib: {} for lib in libs}  # lib -> {key: count}: never allowed

    def add(pattern, metric, fn):
        rows.append((pattern, metric, {lib: fn(runs[lib]) for lib in libs}))

    def v(lib, key, n):
        if n:
            viol[lib][key] = viol[lib].get(key, 0) + n

    for lib, r in runs.items():
        pu, pl, pb, sb = r.p["push"], r.p["pull"], r.p["pub"], r.p["sub"]
        rq, rp, dl, rt = r.p["req"], r.p["rep"], r.p["dealer"], r.p["router"]
        # PUSH/PULL
        k, o, where = r.classify(pl.gaps.get("pull", []), False)
        tail = max(0, pu.final("push", "sent", 0) - pl.final("pull", "next", 0))
        v(lib, "PUSH/PULL lost outside the kill window", o)
        v(lib, "PUSH/PULL missing at the end", tail)
        for f in ("dup", "reorder", "corrupt", "parts_err"):
            v(lib, f"PUSH/PULL {f}", pl.final("pull", f, 0))
        r.pushpull = (k, o, tail, where)
        # PUB/SUB: loss allowed anywhere
        for f in ("dup", "reorder", "corrupt", "parts_err"):
            v(lib, f"PUB/SUB {f}", sb.final("sub", f, 0))
        # REQ/REP
        v(lib, "REQ reply mismatch", rq.final("req", "mismatch", 0))
        v(lib, "REQ request unanswered at the end", rq.final("req", "outstanding", 0))
        for f in ("dup", "reorder", "corrupt", "parts_err"):
            v(lib, f"REQ replies {f}", rq.final("req_replies", f, 0))
        v(lib, "REP request older than the last one", rp.final("rep", "older", 0))
        v(lib, "REP corrupt", rp.final("rep", "corrupt", 0))
        # DEALER/ROUTER, both directions
        k1, o1, w1 = r.classify(rt.gaps.get("router", []), False)
        k2, o2, w2 = r.classify(dl.gaps.get("dealer", []), False)
        sent = dl.final("dealer", "sent", 0)
        tail1 = max(0, sent - rt.final("router", "next", 0))
        tail2 = max(0, sent - dl.final("dealer_echoes", "next", 0))
        v(lib, "DEALER->ROUTER lost outside the kill window", o1)
        v(lib, "DEALER->ROUTER missing at the end", tail1)
        v(lib, "DEALER<-ROUTER echoes lost outside the kill window", max(0, o2 - o1))
        v(lib, "DEALER<-ROUTER echoes missing at the end", max(0, tail2 - tail1))
        for f in ("dup", "reorder", "corrupt", "parts_err"):
            v(lib, f"ROUTER {f}", rt.final("router", f, 0))
            v(lib, f"DEALER echoes {f}", dl.final("dealer_echoes", f, 0))
        r.dealer = (k1, o1, tail1, w1, k2, o2, tail2, w2)
        for n, pr in r.p.items():
            if pr.max_rss() > rss_limit:
                r.problems.append(f"{n}: RSS {mib(pr.max_rss())} MiB > CHAOS_RSS_LIMIT_MB")

    def where_s(w):
        return ",".join(f"{n}:{c}" for n, c in sorted(w.items())) or ""

    # ---- table
    add("PUSH/PULL", "sent", lambda r: r.p["push"].final("push", "sent"))
    add("PUSH/PULL", "received", lambda r: r.p["pull"].final("pull", "recv"))
    add("PUSH/PULL", "lost across kill", lambda r: r.pushpull[0])
    add("PUSH/PULL", "lost elsewhere (must be 0)", lambda r: f"{r.pushpull[1]} {where_s(r.pushpull[3])}".strip())
    add("PUSH/PULL", "missing at end (must be 0)", lambda r: r.pushpull[2])
    add("PUSH/PULL", "dup/reorder/corrupt", lambda r: "/".join(str(r.p["pull"].final("pull", f, 0)) for f in ("dup", "reorder", "corrupt")))
    add("PUB/SUB", "published", lambda r: r.p["pub"].final("pub", "sent"))
    add("PUB/SUB", "received (from first seen)", lambda r: f'{r.p["sub"].final("sub", "recv")} (from #{r.p["sub"].final("sub", "first")})')
    add("PUB/SUB", "dropped across kill (allowed)", lambda r: r.classify(r.p["sub"].gaps.get("sub", []), True)[0])
    add("PUB/SUB", "dropped elsewhere (allowed)", lambda r: (lambda c: f"{c[1]} {where_s(c[2])}".strip())(r.classify(r.p["sub"].gaps.get("sub", []), True)))
    add("PUB/SUB", "dup/reorder/corrupt", lambda r: "/".join(str(r.p["sub"].final("sub", f, 0)) for f in ("dup", "reorder", "corrupt")))
    add("REQ/REP", "requests answered", lambda r: r.p["req"].final("req", "answered"))
    add("REQ/REP", "retries (max attempts)", lambda r: f'{r.p["req"].final("req", "retries")} ({r.p["req"].final("req", "max_attempts")})')
    add("REQ/REP", "REP saw a request again", lambda r: r.p["rep"].final("rep", "repeats"))
    add("REQ/REP", "mismatch/unanswered", lambda r: f'{r.p["req"].final("req", "mismatch")}/{r.p["req"].final("req", "outstanding")}')
    add("DEALER/ROUTER", "sent", lambda r: r.p["dealer"].final("dealer", "sent"))
    add("DEALER/ROUTER", "router received", lambda r: r.p["router"].final("router", "recv"))
    add("DEALER/ROUTER", "echoes received", lambda r: r.p["dealer"].final("dealer_echoes", "recv"))
    add("DEALER/ROUTER", "lost across kill d->r/round", lambda r: f"{r.dealer[0]}/{r.dealer[4]}")
    add("DEALER/ROUTER", "lost elsewhere d->r/round", lambda r: f"{r.dealer[1]}/{r.dealer[5]} {where_s(r.dealer[7])}".strip())
    add("DEALER/ROUTER", "missing at end d->r/round", lambda r: f"{r.dealer[2]}/{r.dealer[6]}")
    add("DEALER/ROUTER", "dup/reorder/corrupt", lambda r: "/".join(str(r.p["router"].final("router", f, 0) + r.p["dealer"].final("dealer_echoes", f, 0)) for f in ("dup", "reorder", "corrupt")))
    for c in CONNECTORS:
        add("reconnect", f"{c}: kill -> CONNECTED", lambda r, c=c: (lambda x: f"{fmt_ms(x[1])} ({x[0]} disc)")(r.reconnect(r.p[c])))
    for c in CONNECTORS:
        add("reconnect", f"{c}: disconnects in 12 s partition", lambda r, c=c: r.reconnect(r.p[c])[2])
    for name, proc, stream in (("PULL", "pull", "pull"), ("SUB", "sub", "sub"), ("REQ", "req", "req"),
                               ("ROUTER", "router", "router"), ("DEALER", "dealer", "dealer")):
        add("resume", f"{name} after partition / kill",
            lambda r, p=proc, s=stream: f'{fmt_ms(r.resume(r.p[p].stalls.get(s, []), "blackhole"))} / {fmt_ms(r.resume(r.p[p].stalls.get(s, []), "kill"))}')
    for n in PROCS:
        add("max RSS MiB", n, lambda r, n=n: f'{mib(r.p[n].max_rss())} (end {mib(r.p[n].rss[-1][1]) if r.p[n].rss else "-"}, fds {r.p[n].rss[-1][2] if r.p[n].rss else "-"})')
    add("exit", "crash/hang/wrong lib", lambda r: len(r.problems))

    w0 = max(len(p) for p, _, _ in rows)
    w1 = max(len(m) for _, m, _ in rows)
    wl = {lib: max([len(lib)] + [len(str(vals[lib])) for _, _, vals in rows]) for lib in libs}
    print()
    hdr = f"{'pattern':<{w0}}  {'metric':<{w1}}" + "".join(f"  {lib:>{wl[lib]}}" for lib in libs)
    print(hdr)
    print("-" * len(hdr))
    last = None
    for p, m, vals in rows:
        print(f"{(p if p != last else ''):<{w0}}  {m:<{w1}}" + "".join(f"  {str(vals[lib]):>{wl[lib]}}" for lib in libs))
        last = p
    for lib, r in runs.items():
        ph = r.phases
        t0 = ph["clean1"][0]
        print(f"\n[{lib}] phases (s from start): " + " ".join(f"{n}@{(s - t0) / 1000:.0f}" for n, (s, _e) in ph.items()))

    # ---- verdict
    failed = False
    print()
    for lib, r in runs.items():
        for pmsg in r.problems:
            print(f"FAIL [{lib}] {pmsg}")
            failed = True
    ours = "ours" if "ours" in libs else None
    others = [l for l in libs if l != "ours"]
    if ours:
        for key, n in sorted(viol[ours].items()):
            also = [l for l in others if viol[l].get(key)]
            if also:
                print(f"WARN [ours] {key}: {n} (libzmq too: {viol[also[0]][key]}; not held against ours)")
            else:
                print(f"FAIL [ours] {key}: {n} (libzmq: 0)")
                failed = True
    for l in others:
        for key, n in sorted(viol[l].items()):
            print(f"note [{l}] {key}: {n}")
    for lib, r in runs.items():
        for n, pr in r.p.items():
            for b in pr.bad[:5]:
                print(f"  [{lib}] {n}: {b}")
    print(f"chaos: {'FAILED' if failed else 'passed'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
