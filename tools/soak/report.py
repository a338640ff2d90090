#!/usr/bin/env python3
"""tools/soak/report.py WORKDIR CSV LIB LIBPATH: the summary of `make soak`.

Reads the samples (CSV: t,proc,pid,rss_kb,fds,progress; rows of proc
"<name>:settled_start" / "<name>:settled_end" are the settled states) and the
logs tools/soak/run.sh left in WORKDIR; prints the summary and exits 1 if the
soak failed (see run.sh for the rules).
"""
import csv
import glob
import os
import re
import statistics
import sys

LONG = ["publisher", "broker", "pipeline"]


def env_num(name, default):
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return float(default)


def main():
    work, csv_path, lib, want = sys.argv[1:5]
    rss_pct = env_num("SOAK_RSS_PCT", 20)
    rss_mib = env_num("SOAK_RSS_MIB", 4)
    fd_tol = env_num("SOAK_FD_TOL", 2)
    stall_s = env_num("SOAK_STALL", 30)
    fails = []

    rows = {n: [] for n in LONG}
    settled = {}
    dead = set()
    with open(csv_path) as f:
        for r in csv.DictReader(f):
            name, _, tag = r["proc"].partition(":")
            if r["rss_kb"] == "dead":
                dead.add(name)
                continue
            rec = (int(r["t"]), int(r["rss_kb"]), int(r["fds"]), int(r["progress"] or 0))
            if tag:
                settled[(name, tag)] = rec
            elif name in rows:
                rows[name].append(rec)

    events = open(os.path.join(work, "events")).read().split("\n") if os.path.exists(os.path.join(work, "events")) else []
    kills, crashes = (open(os.path.join(work, "counts")).read().split() + ["?", "?"])[:2] if os.path.exists(os.path.join(work, "counts")) else ("?", "?")

    # logs: library, bad lines, last progress counters per role
    bad = []
    wrong_lib = []
    totals = {}
    finals = {}
    incarnations = {}
    for path in sorted(glob.glob(os.path.join(work, "log", "*.log"))):
        base = os.path.basename(path)
        name = base.split(".")[0]
        role = re.sub(r"\d+$", "", name)
        incarnations[name] = incarnations.get(name, 0) + 1
        last_prog = None
        with open(path, errors="replace") as f:
            for line in f:
                w = line.split()
                if not w:
                    continue
                if w[0] == "libzmq" and len(w) > 1 and os.path.realpath(w[1]) != want:
                    wrong_lib.append(f"{base}: {w[1]}")
                elif w[0] in ("bad", "fatal"):
                    bad.append(f"{base}: {line.strip()}")
                elif w[0] == "progress":
                    last_prog = line
                elif w[0] == "final" and name in LONG:
                    finals[name] = line.strip()
        if last_prog and name not in LONG:
            t = totals.setdefault(role, {})
            for k, v in re.findall(r"(\w+)=(\d+)", last_prog):
                t[k] = t.get(k, 0) + int(v)

    print()
    print(f"soak summary ({lib}: {want})")
    hdr = f"{'process':<10} {'samples':>7} {'RSS MiB q1 -> q4 (max)':>26} {'fds q1 -> q4 (highs)':>21} {'settled fds':>12} {'progress':>10} {'stall':>6}"
    print(hdr)
    print("-" * len(hdr))
    for n in LONG:
        rs = rows[n]
        if not rs:
            print(f"{n:<10} no samples")
            fails.append(f"{n}: no samples")
            continue
        tmax = rs[-1][0]
        q1 = [r for r in rs if r[0] <= tmax / 4] or rs[:1]
        q4 = [r for r in rs if r[0] >= 3 * tmax / 4] or rs[-1:]
        r1 = statistics.median(r[1] for r in q1)
        r4 = statistics.median(r[1] for r in q4)
        f1 = statistics.median(r[2] for r in q1)
        f4 = statistics.median(r[2] for r in q4)
        rmax = max(r[1] for r in rs)
        # longest time without progress
        longest = 0
        last_val, last_t = rs[0][3], rs[0][0]
        for t, _rss, _fds, p in rs[1:]:
            if p != last_val:
                last_val, last_t = p, t
            longest = max(longest, t - last_t)
        ss, se = settled.get((n, "settled_start")), settled.get((n, "settled_end"))
        sfd = f"{ss[2]} -> {se[2]}" if ss and se else "-"
        print(f"{n:<10} {len(rs):>7} {f'{r1 / 1024:.1f} -> {r4 / 1024:.1f} ({rmax / 1024:.1f})':>26} "
              f"{f'{f1:g} -> {f4:g} ({max(r[2] for r in q1)}, {max(r[2] for r in q4)})':>21} {sfd:>12} {rs[-1][3]:>10} {f'{longest}s':>6}")
        allowed = max(r1 * rss_pct / 100.0, rss_mib * 1024)
        if r4 - r1 > allowed:
            fails.append(f"{n}: RSS grew {r1 / 1024:.1f} -> {r4 / 1024:.1f} MiB (q1 -> q4 medians), more than {allowed / 1024:.1f} MiB")
        # peers come and go, so the count swings; a leak raises the highs
        fm1, fm4 = max(r[2] for r in q1), max(r[2] for r in q4)
        if fm4 - fm1 > fd_tol:
            fails.append(f"{n}: fds grew: highest {fm1} in the first quarter, {fm4} in the last")
        if ss and se and abs(se[2] - ss[2]) > fd_tol:
            fails.append(f"{n}: settled fds {ss[2]} at the start, {se[2]} at the end")
        if longest > stall_s:
            fails.append(f"{n}: no progress for {longest}s")
        if n in dead:
            fails.append(f"{n}: died")
    print()
    for n in LONG:
        if n in finals:
            print(f"  {n}: {finals[n]}")
    m = re.search(r"results=(\d+) tasks=(\d+)", finals.get("pipeline", ""))
    if m:
        print(f"  pipeline tasks never back from a worker (lost in killed workers, or in flight at the stop): {int(m.group(2)) - int(m.group(1))}")
    print(f"  kills: {kills}, short-lived processes started: {sum(v for k, v in incarnations.items() if k not in LONG)}, exited by themselves: {crashes}")
    for role in ("sub", "worker", "client", "server"):
        if role in totals:
            print(f"  {role}s (all incarnations): " + " ".join(f"{k}={v}" for k, v in totals[role].items()))
    for e in events:
        w = e.split()
        if not w:
            continue
        if w[0] in ("died", "crash", "hang"):
            fails.append("event: " + e)
        elif w[0] == "exit" and w[2] != "0":
            fails.append(f"{w[1]}: exit status {w[2]} after SIGTERM")
    for b in bad[:20]:
        fails.append(b)
    if len(bad) > 20:
        fails.append(f"... {len(bad) - 20} more bad lines")
    for wl in wrong_lib[:5]:
        fails.append("wrong library: " + wl)
    print()
    for f in fails:
        print(f"FAIL {f}")
    print(f"soak: {'FAILED' if fails else 'passed'} (samples: {csv_path})")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
