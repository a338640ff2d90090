#!/usr/bin/python3
"""Compare per-test pyzmq outcomes on our libzmq with the real-libzmq baseline.

usage: pyzmq_compare.py BASELINE RESULTS "test_a.py test_b.py ..." [--missing-ok]

BASELINE and RESULTS hold one "nodeid OUTCOME" line per test (the format of
run-pyzmq-suite.sh's results.txt; RESULTS may be missing if the suite could not
run at all). Only tests of the listed files are compared.

  regression    passes on the baseline, does not pass on ours (failed, error,
                skipped, or never reported because the file crashed/hung)
  fails on both does not pass on the baseline and fails (FAILED/ERROR) on ours
  not in baseline / fixed: informational

Exit 1 iff there is a regression. --missing-ok (extra pytest args such as -k
were given): baseline tests that ours never reported are listed, not counted.
"""
import sys

PASS = {"PASSED", "XPASS"}
FAIL = {"FAILED", "ERROR"}


def load(path):
    out = {}
    try:
        with open(path) as f:
            for line in f:
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                nodeid, _, outcome = line.rpartition(" ")
                out[nodeid] = outcome
    except FileNotFoundError:
        return None
    return out


def file_of(nodeid):
    return nodeid.split("::", 1)[0].rsplit("/", 1)[-1]


def main(argv):
    missing_ok = "--missing-ok" in argv
    argv = [a for a in argv if a != "--missing-ok"]
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    base_all = load(argv[0])
    if base_all is None:
        print(f"pyzmq-compare: no baseline {argv[0]}")
        return 2
    ours_all = load(argv[1])
    if ours_all is None:
        print(f"pyzmq-compare: no results from our run ({argv[1]} missing): "
              "every baseline pass counts as a regression")
        ours_all = {}
    files = argv[2].split()
    base = {k: v for k, v in base_all.items() if file_of(k) in files}
    ours = {k: v for k, v in ours_all.items() if file_of(k) in files}

    regressions, both, not_run, extra, fixed = [], [], [], [], []
    for nodeid, b in sorted(base.items()):
        o = ours.get(nodeid)
        if b in PASS:
            if o is None and missing_ok:
                not_run.append(nodeid)
            elif o not in PASS:
                regressions.append((nodeid, o or "NOT REPORTED"))
        else:
            if o in FAIL:
                both.append((nodeid, b, o))
            elif o in PASS:
                fixed.append((nodeid, b))
    for nodeid, o in sorted(ours.items()):
        if nodeid not in base:
            extra.append((nodeid, o))

    print("per file (ours / baseline = real libzmq 4.3.4):")
    for f in files:
        bp = sum(1 for k, v in base.items() if file_of(k) == f and v in PASS)
        bt = sum(1 for k in base if file_of(k) == f)
        op = sum(1 for k, v in ours.items() if file_of(k) == f and v in PASS)
        of = sum(1 for k, v in ours.items() if file_of(k) == f and v in FAIL)
        os_ = sum(1 for k, v in ours.items() if file_of(k) == f and v not in PASS | FAIL)
        nr = sum(1 for k in base if file_of(k) == f and k not in ours)
        reg = sum(1 for k, _ in regressions if file_of(k) == f)
        note = f"  ({of} failed, {os_} skipped" + (f", {nr} not reported" if nr else "") + \
               f"; baseline {bt} tests)" + (f"  {reg} REGRESSED" if reg else "")
        print(f"  {f:22s} ours {op:3d} passed / baseline {bp:3d} passed{note}")
    if regressions:
        print(f"regressions (pass on the real libzmq, not on ours): {len(regressions)}")
        for nodeid, o in regressions:
            print(f"  {nodeid} {o}")
    if both:
        print(f"failing on both (not passing on the baseline, failing on ours; not regressions): {len(both)}")
        for nodeid, b, o in both:
            print(f"  {nodeid} baseline {b}, ours {o}")
    if not_run:
        print(f"not run on ours (extra pytest args): {len(not_run)}")
    if fixed:
        print(f"pass on ours but not on the baseline: {len(fixed)}")
        for nodeid, b in fixed:
            print(f"  {nodeid} (baseline {b})")
    if extra:
        print(f"not in the baseline: {len(extra)}")
        for nodeid, o in extra:
            print(f"  {nodeid} {o}")
    op = sum(1 for v in ours.values() if v in PASS)
    bp = sum(1 for v in base.values() if v in PASS)
    print(f"pyzmq vs baseline: ours {op} passed / baseline {bp} passed, "
          f"{len(regressions)} regression(s), {len(both)} failing on both")
    return 1 if regressions else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
