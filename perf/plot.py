#!/usr/bin/env python3
"""Summarise a perf/bench.sh CSV: text tables and a PNG.

    plot.py --table RESULTS.csv          medians, spread, ratios, goals
    plot.py --png OUT.png RESULTS.csv    ratio per configuration + absolute values

The CSV starts with comment lines "# commit: ...", "# kernel: ...",
"# cpu: ...", "# date: ..." (what was measured where; printed in the table
header and the plot title), then one row per run:
    config,library,round,value,unit,cpu_s,messages,status,kind,transport,size,
    placement,security,wall_s,other_cpu_s,kernel_bufs,cpu_s_per_mmsg,p99_us,
    rss_kib,detail
library is "ours" (ferromq), "libzmq" (the system library) or "floor" (the
plain write/read loop of floor_thr, 64 KiB tcp/ipc only). kind is thr, lat,
scale-pub (PUB -> N SUBs), scale-router (ROUTER <- N DEALERs) or scale-idle
(idle ROUTER with N connections; value in KiB per connection). status is ok,
lost (the receiver did not get every message; value is then the rate up to
the last message that arrived) or failed. cpu_s = both processes;
cpu_s_per_mmsg = cpu_s per million messages delivered (throughput rows);
p99_us = 99th percentile round trip (scale-router); rss_kib = VmRSS
"before;after" (scale-idle); security "curve" or "null"; kernel_bufs =
SO_SNDBUF/SO_RCVBUF of the data connection, receiver;sender. CSVs from
before the later columns are read too.

--table needs only the standard library; --png needs matplotlib.
"""
import csv
import statistics
import sys

THR_KINDS = ("thr", "scale-pub", "scale-router")  # msg/s, higher is better
SCALE_KINDS = ("scale-pub", "scale-router", "scale-idle")

# The goals: (config id, label, type, goal).
#   ratio  ours/libzmq >= goal (throughput)
#   mem    ours/libzmq <= goal (memory per connection)
#   floor  ours >= goal x the plain write/read loop of the same run
GOALS = [
    ("thr-tcp-64-split", "tcp 64 B split", "ratio", 1.8),
    ("thr-tcp-64-1cpu", "tcp 64 B 1-cpu", "ratio", 1.5),
    ("thr-ipc-64-split", "ipc 64 B split", "ratio", 1.8),
    ("thr-ipc-64-1cpu", "ipc 64 B 1-cpu", "ratio", 1.5),
    ("thr-inproc-64-split", "inproc 64 B split", "ratio", 1.3),
    ("thr-inproc-64-1cpu", "inproc 64 B 1-cpu", "ratio", 1.3),
    ("thr-inproc-1024-split", "inproc 1 KiB split", "ratio", 1.3),
    ("thr-inproc-1024-1cpu", "inproc 1 KiB 1-cpu", "ratio", 1.3),
    ("thr-tcp-65536-split", "tcp 64 KiB split", "floor", 0.9),
    ("thr-tcp-65536-1cpu", "tcp 64 KiB 1-cpu", "floor", 0.9),
    ("thr-ipc-65536-split", "ipc 64 KiB split", "floor", 0.9),
    ("thr-ipc-65536-1cpu", "ipc 64 KiB 1-cpu", "floor", 0.9),
    ("scale-pub-tcp-64-split-1sub", "PUB -> 1 SUB", "ratio", 1.5),
    ("scale-pub-tcp-64-split-10sub", "PUB -> 10 SUBs", "ratio", 1.5),
    ("scale-pub-tcp-64-split-100sub", "PUB -> 100 SUBs", "ratio", 1.5),
    ("scale-router-tcp-64-split-1000dealer", "ROUTER <- 1000 DEALERs",
     "ratio", 1.5),
    ("scale-idle-tcp-1-split-10000conn", "idle ROUTER 10000 conns memory",
     "mem", 1.0),
]
GOAL_BY_ID = {g[0]: g for g in GOALS}
# CPU per message (both processes), every throughput row: ours/libzmq <= this
CPU_GOAL = 0.7
FLOOR_GOAL = 0.9


def size_label(size):
    size = int(size)
    if size >= 1024 and size % 1024 == 0:
        return "%d KiB" % (size // 1024)
    return "%d B" % size


def placement_label(p):
    return {"1cpu": "1-cpu"}.get(p, p)


def peers(x):
    """'100sub' -> 100."""
    digits = ""
    for ch in x or "":
        if not ch.isdigit():
            break
        digits += ch
    return int(digits) if digits else 0


class Config:
    def __init__(self, cid, kind, transport, size, placement, security="null"):
        self.id = cid
        self.kind = kind
        self.transport = transport
        self.size = size
        self.placement = placement
        self.security = security  # "curve" or "null"
        prefix = "%s-%s-%s-%s" % (kind, transport, size, placement)
        self.x = cid[len(prefix) + 1:] if cid.startswith(prefix + "-") else ""
        libs = ("ours", "libzmq", "floor")
        self.values = {l: [] for l in libs}  # usable values
        self.cpu_per_m = {l: [] for l in libs}
        self.p99 = {l: [] for l in libs}
        self.runs = {l: 0 for l in libs}
        self.failed = {l: [] for l in libs}  # details
        self.lost = {l: 0 for l in libs}
        self.disturbed = {l: 0 for l in libs}
        self.bufs = {l: set() for l in libs}

    @property
    def curve(self):
        return self.security == "curve"

    @property
    def thr(self):
        return self.kind in THR_KINDS

    @property
    def lower_better(self):
        return self.kind in ("lat", "scale-idle")

    @property
    def label(self):
        n = peers(self.x)
        if self.kind == "scale-pub":
            return "PUB -> %d SUB%s %s" % (n, "" if n == 1 else "s",
                                           size_label(self.size))
        if self.kind == "scale-router":
            return "ROUTER <- %d DEALERs %s" % (n, size_label(self.size))
        if self.kind == "scale-idle":
            return "idle ROUTER %d conns" % n
        return "%s %s %s%s" % (self.transport, size_label(self.size),
                               placement_label(self.placement),
                               " CURVE" if self.curve else "")

    def median(self, lib):
        v = self.values[lib]
        return statistics.median(v) if v else None

    def spread(self, lib):
        """(max - min) / median, in percent."""
        v = self.values[lib]
        if len(v) < 2:
            return None
        m = statistics.median(v)
        return (max(v) - min(v)) / m * 100.0 if m else None

    def cpu(self, lib):
        v = self.cpu_per_m[lib]
        return statistics.median(v) if v else None

    def p99_med(self, lib):
        v = self.p99[lib]
        return statistics.median(v) if v else None

    def ok(self, lib):
        """Usable for a comparison: ran, and ferromq (or the floor loop)
        never failed or lost."""
        if not self.values[lib]:
            return False
        if lib != "libzmq" and (self.failed[lib] or self.lost[lib]):
            return False
        return True

    def ratio(self):
        if not (self.ok("ours") and self.ok("libzmq")):
            return None
        return self.median("ours") / self.median("libzmq")

    def cpu_ratio(self):
        if not (self.ok("ours") and self.ok("libzmq")):
            return None
        a, b = self.cpu("ours"), self.cpu("libzmq")
        if a is None or not b:
            return None
        return a / b

    def p99_ratio(self):
        if not (self.ok("ours") and self.ok("libzmq")):
            return None
        a, b = self.p99_med("ours"), self.p99_med("libzmq")
        if a is None or not b:
            return None
        return a / b

    def of_floor(self, lib):
        """median of lib / median of the floor loop, or None."""
        if not (self.ok(lib) and self.ok("floor")):
            return None
        return self.median(lib) / self.median("floor")


def load(path):
    configs = {}
    order = []
    meta = {}
    with open(path, newline="") as f:
        lines = []
        for line in f:
            if line.startswith("#"):
                k, sep, v = line[1:].partition(":")
                if sep:
                    meta[k.strip()] = v.strip()
                continue
            lines.append(line)
    for row in csv.DictReader(lines):
        cid = row["config"]
        if cid not in configs:
            sec = row.get("security") or (
                "curve" if cid.endswith("-curve") else "null")
            configs[cid] = Config(cid, row["kind"], row["transport"],
                                  row["size"], row["placement"], sec)
            order.append(cid)
        c = configs[cid]
        lib = row["library"]
        if lib not in c.values:
            continue
        c.runs[lib] += 1
        status = row["status"]
        if row.get("kernel_bufs"):
            c.bufs[lib].add(row["kernel_bufs"])
        if "disturbed" in (row.get("detail") or ""):
            c.disturbed[lib] += 1
        value = float(row["value"]) if row["value"] else None
        if status == "ok" or (status == "lost" and lib == "libzmq"):
            # libzmq's known ipc tail loss: keep the rate it reached
            if value is not None and value > 0:
                c.values[lib].append(value)
                if c.thr:
                    cpm = row.get("cpu_s_per_mmsg")
                    if cpm:
                        c.cpu_per_m[lib].append(float(cpm))
                    elif row["cpu_s"] and row["messages"]:
                        msgs = float(row["messages"])
                        if msgs > 0:
                            c.cpu_per_m[lib].append(
                                float(row["cpu_s"]) / msgs * 1e6)
                if row.get("p99_us"):
                    c.p99[lib].append(float(row["p99_us"]))
        if status == "lost":
            c.lost[lib] += 1
            if lib != "libzmq":
                c.failed[lib].append(row.get("detail", ""))
        elif status != "ok":
            c.failed[lib].append(row.get("detail", ""))
    return [configs[i] for i in order], meta


def meta_line(meta):
    if not meta:
        return ""
    return "commit %s | kernel %s | CPU %s | %s" % (
        meta.get("commit", "?"), meta.get("kernel", "?"), meta.get("cpu", "?"),
        meta.get("date", "?"))


def fmt_num(v, kind):
    if v is None:
        return "-"
    if kind in THR_KINDS:
        return "{:,.0f}".format(v)
    return "{:.2f}".format(v)


def short_num(v, kind):
    if kind not in THR_KINDS:
        return "%.1f" % v
    if v >= 1e6:
        return "%.2fM" % (v / 1e6)
    if v >= 1e3:
        return "%.1fk" % (v / 1e3)
    return "%.0f" % v


def fmt_pct(v):
    return "-" if v is None else "{:.1f}%".format(v)


def fmt_x(v):
    return "-" if v is None else "%.2fx" % v


def fmt_cpu(v):
    return "-" if v is None else "%.3f" % v


def cell(c, lib):
    if c.runs[lib] == 0:
        return "-"
    if lib != "libzmq" and (c.failed[lib] or c.lost[lib]):
        return "LOST" if c.lost[lib] else "FAILED"
    if not c.values[lib]:
        return "FAILED"
    s = fmt_num(c.median(lib), c.kind)
    if c.lost[lib]:
        s += "*"
    if c.disturbed[lib]:
        s += "!"
    return s


def goal_check(c, goal):
    """(shown value, met?) for a goal, or (None, None) when not evaluable."""
    _, _, typ, g = goal
    if typ == "floor":
        f = c.of_floor("ours")
        if f is None:
            return None, None
        return "%.0f%% of floor" % (f * 100), f >= g
    r = c.ratio()
    if r is None:
        return None, None
    return "%.2fx" % r, (r >= g if typ == "ratio" else r <= g)


def goal_text(goal):
    _, _, typ, g = goal
    if typ == "floor":
        return ">= %.0f%% of floor" % (g * 100)
    return (">= %.1fx" if typ == "ratio" else "<= %.1fx") % g


def print_tables(configs, meta=None, out=sys.stdout):
    have_ours = any(c.runs["ours"] for c in configs)
    w = out.write
    notes = []
    buf_diff = {}
    disturbed = []
    if meta:
        w("ferromq vs libzmq: %s\n\n" % meta_line(meta))

    def note_config(c):
        for lib, name in (("ours", "ferromq"), ("libzmq", "libzmq"),
                          ("floor", "floor loop")):
            if c.failed[lib]:
                notes.append("%s %s: %s" % (name, c.id, c.failed[lib][0]))
        if c.disturbed["ours"] or c.disturbed["libzmq"]:
            disturbed.append("%s %d/%d" % (c.id, c.disturbed["ours"],
                                           c.disturbed["libzmq"]))
        if (c.bufs["ours"] and c.bufs["libzmq"]
                and c.bufs["ours"] != c.bufs["libzmq"]):
            key = (",".join(sorted(c.bufs["ours"])),
                   ",".join(sorted(c.bufs["libzmq"])))
            buf_diff.setdefault(key, []).append(c.label)
        if c.lost["libzmq"]:
            if c.kind == "thr" and c.transport == "ipc":
                why = "known libzmq 4.3 ipc defect"
            else:
                why = "libzmq lost messages"
            notes.append("libzmq %s: * lost messages in %d of %d runs (%s); "
                         "the value is the rate up to the last message "
                         "received" % (c.id, c.lost["libzmq"],
                                       c.runs["libzmq"], why))

    for kind in ("thr", "lat"):
        rows = [c for c in configs if c.kind == kind]
        if not rows:
            continue
        if kind == "thr":
            w("THROUGHPUT [msg/s], higher is better; ratio = ours/libzmq "
              "(> 1.00: ferromq faster); CPU = user+sys CPU seconds of "
              "receiver + sender per million messages (lower is better; "
              "goal ours/libzmq <= %.1fx)\n" % CPU_GOAL)
        else:
            w("LATENCY [us] (one way, = round trip / 2), lower is better; "
              "ratio = ours/libzmq (< 1.00: ferromq faster)\n")
        hdr = "%-22s %5s | %14s %7s | %14s %7s | %7s" % (
            "configuration", "runs", "ours median", "spread",
            "libzmq median", "spread", "ratio")
        if kind == "thr":
            hdr += " | %8s %8s %7s" % ("CPU ours", "libzmq", "ratio")
        w(hdr + "\n")
        w("-" * len(hdr) + "\n")
        for c in rows:
            r = c.ratio()
            runs = "%d/%d" % (c.runs["ours"], c.runs["libzmq"])
            line = "%-22s %5s | %14s %7s | %14s %7s | %7s" % (
                c.label, runs, cell(c, "ours"),
                fmt_pct(c.spread("ours")) if c.ok("ours") else "",
                cell(c, "libzmq"), fmt_pct(c.spread("libzmq")),
                fmt_x(r))
            if kind == "thr":
                co = c.cpu("ours") if c.ok("ours") else None
                line += " | %8s %8s %7s" % (fmt_cpu(co), fmt_cpu(c.cpu("libzmq")),
                                           fmt_x(c.cpu_ratio()))
            w(line + "\n")
            note_config(c)
        w("\n")

    floors = [c for c in configs if c.runs["floor"]]
    if floors:
        w("PHYSICAL FLOOR: a plain C write/read loop (floor_thr, no zmq) over "
          "the same kernel path, buffers and pinning, in the same rounds; "
          "ours and libzmq as %% of it (goal ours >= %.0f%%)\n"
          % (FLOOR_GOAL * 100))
        hdr = "%-22s %5s | %14s %7s | %10s %10s | %8s" % (
            "configuration", "runs", "floor median", "spread", "ours",
            "libzmq", "CPU floor")
        w(hdr + "\n" + "-" * len(hdr) + "\n")
        for c in floors:
            fo, fl = c.of_floor("ours"), c.of_floor("libzmq")
            w("%-22s %5d | %14s %7s | %10s %10s | %8s\n" % (
                c.label, c.runs["floor"], cell(c, "floor"),
                fmt_pct(c.spread("floor")) if c.ok("floor") else "",
                "-" if fo is None else "%.0f%%" % (fo * 100),
                "-" if fl is None else "%.0f%%" % (fl * 100),
                fmt_cpu(c.cpu("floor") if c.ok("floor") else None)))
        w("\n")

    scale = [c for c in configs if c.kind in SCALE_KINDS]
    if scale:
        w("SCALE (tcp; receiver side on CPU 0, sender side on CPU 1 unless "
          "unpinned; same binaries on both libraries). PUB -> N SUBs: "
          "messages delivered to all SUBs together per second, the SUBs in "
          "one process (one thread, zmq_poll). ROUTER <- N DEALERs: round "
          "trips per second, one request outstanding per DEALER, the DEALERs "
          "in one process (zmq_poll); p99 = 99th percentile round trip [us]. "
          "idle ROUTER: VmRSS growth per connection [KiB], lower is better. "
          "Goals: throughput >= 1.5x, memory <= 1.0x\n")
        hdr = "%-28s %5s | %12s %6s | %12s %6s | %6s | %7s %7s %6s | %8s %8s %6s | %s" % (
            "configuration", "runs", "ours", "spread", "libzmq", "spread",
            "ratio", "CPU ours", "libzmq", "ratio", "p99 ours", "libzmq",
            "ratio", "goal")
        w(hdr + "\n" + "-" * len(hdr) + "\n")
        for c in scale:
            g = GOAL_BY_ID.get(c.id)
            if g is None:
                g = (c.id, c.label, "mem" if c.kind == "scale-idle" else "ratio",
                     1.0 if c.kind == "scale-idle" else 1.5)
            shown, met = goal_check(c, g)
            gs = goal_text(g) + (": -" if met is None else
                                 ": met" if met else ": NOT MET")
            co = c.cpu("ours") if c.ok("ours") else None
            po = c.p99_med("ours") if c.ok("ours") else None
            thr = c.kind != "scale-idle"
            rtr = c.kind == "scale-router"
            w("%-28s %5s | %12s %6s | %12s %6s | %6s | %7s %7s %6s | %8s %8s %6s | %s\n" % (
                c.label, "%d/%d" % (c.runs["ours"], c.runs["libzmq"]),
                cell(c, "ours"),
                fmt_pct(c.spread("ours")) if c.ok("ours") else "",
                cell(c, "libzmq"), fmt_pct(c.spread("libzmq")),
                fmt_x(c.ratio()),
                fmt_cpu(co) if thr else "", fmt_cpu(c.cpu("libzmq")) if thr else "",
                fmt_x(c.cpu_ratio()) if thr else "",
                ("%.0f" % po if po is not None else "-") if rtr else "",
                ("%.0f" % c.p99_med("libzmq") if c.p99_med("libzmq") is not None
                 else "-") if rtr else "",
                fmt_x(c.p99_ratio()) if rtr else "", gs))
            note_config(c)
        w("\n")

    w("spread = (max - min) / median over the rounds; runs = ours/libzmq\n")
    if any(c.curve for c in configs):
        w("CURVE = CurveZMQ security on both sides (PERF_CURVE=1: receiver = "
          "CURVE server, sender = client); all other rows are plaintext\n")
    bufs = sorted(set(b for c in configs if c.transport == "ipc"
                      and c.kind == "thr" for b in c.bufs["libzmq"]))
    if bufs:
        w("libzmq 4.3 applies ZMQ_SNDBUF/ZMQ_RCVBUF to tcp only; its ipc "
          "connections keep the kernel defaults (sndbuf/rcvbuf seen: %s)\n"
          % ", ".join(bufs))
    if disturbed:
        notes.append("! = runs disturbed by other processes using the CPUs "
                     "(ours/libzmq runs, %d of %d configurations): %s"
                     % (len(disturbed), len(configs), ", ".join(disturbed)))
    for (ours, lz), labels in buf_diff.items():
        notes.append("not like for like: the kernel socket buffers (sndbuf/rcvbuf, "
                     "receiver;sender) are ferromq %s but libzmq %s in: %s"
                     % (ours, lz, ", ".join(labels)))
    if notes:
        w("notes:\n")
        for n in notes:
            w("  - %s\n" % n)
    w("\n")

    by_id = {c.id: c for c in configs}
    if not any(g[0] in by_id for g in GOALS):
        return
    w("GOALS%s\n" % ("" if have_ours else
                     ": not evaluated, no ferromq runs (--only-system)"))
    hdr = "%-32s %15s %18s  %s" % ("goal", "measured", "goal", "result")
    w(hdr + "\n" + "-" * len(hdr) + "\n")
    for g in GOALS:
        c = by_id.get(g[0])
        if c is None:
            res, shown = "not run", "-"
        elif not have_ours:
            res, shown = "n/a", "-"
        else:
            shown, met = goal_check(c, g)
            if met is None:
                res, shown = ("NOT MET (ferromq failed)" if not c.ok("ours")
                              else "not evaluated (no floor/libzmq value)"), "-"
            else:
                res = "met" if met else "NOT MET"
        w("%-32s %15s %18s  %s\n" % (g[1], shown, goal_text(g), res))
    # CPU per message, every throughput row
    cpu_rows = [(c, c.cpu_ratio()) for c in configs if c.thr]
    cpu_rows = [(c, r) for c, r in cpu_rows if r is not None]
    if have_ours and cpu_rows:
        worst = max(cpu_rows, key=lambda t: t[1])
        bad = [c.label for c, r in cpu_rows if r > CPU_GOAL]
        w("%-32s %15s %18s  %s\n" % (
            "CPU per message, every thr row", "worst %.2fx" % worst[1],
            "<= %.1fx" % CPU_GOAL,
            "met in all %d rows" % len(cpu_rows) if not bad else
            "NOT MET in %d of %d rows (worst: %s)" % (len(bad), len(cpu_rows),
                                                      worst[0].label)))
        if bad:
            w("    CPU per message above %.1fx: %s\n" % (CPU_GOAL, ", ".join(bad)))


def target_ratio(c):
    """The goal as a ratio ours/libzmq, for the black mark of the plot (a
    floor goal becomes 0.9 x floor / libzmq of this run), or None."""
    g = GOAL_BY_ID.get(c.id)
    if g is None:
        return None
    if g[2] == "floor":
        if not (c.ok("floor") and c.ok("libzmq")):
            return None
        return g[3] * c.median("floor") / c.median("libzmq")
    return g[3]


def draw(configs, meta, png, csv_path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    have_ours = any(c.ok("ours") for c in configs)
    thr = [c for c in configs if c.kind in THR_KINDS]
    lat = [c for c in configs if c.kind == "lat"]
    mem = [c for c in configs if c.kind == "scale-idle"]
    groups = [(g, k) for g, k in ((thr, "thr"), (lat, "lat"), (mem, "mem"))
              if g]
    nrows = 2 if have_ours else 1
    heights = [max(len(g) for g, _ in groups) + 1] * nrows
    fig, axes = plt.subplots(
        nrows, len(groups), squeeze=False,
        figsize=(sum(4.5 if k == "mem" else 7.5 for _, k in groups),
                 0.36 * sum(heights) + 3.0),
        gridspec_kw={"height_ratios": heights,
                     "width_ratios": [0.6 if k == "mem" else 1.0
                                      for _, k in groups]})
    c_ours, c_sys, c_floor = "#1f77b4", "#999999", "#444444"

    for col, (group, kind) in enumerate(groups):
        lower = kind != "thr"
        labels = [c.label for c in group]
        ys = list(range(len(group)))[::-1]
        row = 0
        if have_ours:
            ax = axes[0][col]
            ratios = [c.ratio() for c in group]
            marks = []
            for y, c, r in zip(ys, group, ratios):
                if r is None:
                    failed = c.runs["ours"] > 0
                    ax.text(0.02, y, "ferromq FAILED" if failed else "no data",
                            va="center", ha="left", color="#d62728",
                            fontsize=8, transform=ax.get_yaxis_transform())
                    continue
                better = r <= 1.0 if lower else r >= 1.0
                t = target_ratio(c)
                color = "#2ca02c" if better else "#d62728"
                if t is not None and better and not (r <= t if lower
                                                     else r >= t):
                    color = "#ff9f1c"
                if t is not None and not better and (r <= t if lower
                                                     else r >= t):
                    color = "#2ca02c"  # e.g. at 90% of the floor
                ax.barh(y, r, color=color, alpha=0.85, height=0.7,
                        hatch="//" if c.curve else None)
                ax.text(r, y, " %.2f" % r, va="center", fontsize=8)
                if t is not None:
                    marks.append(t)
                    ax.plot([t, t], [y - 0.45, y + 0.45], color="black",
                            linewidth=2.5)
            ax.axvline(1.0, color="black", linewidth=0.8, linestyle="--")
            ax.set_yticks(ys)
            ax.set_yticklabels(labels, fontsize=9)
            ax.set_ylim(-0.7, len(group) - 0.3)
            finite = [r for r in ratios if r is not None]
            ax.set_xlim(0, max(finite + marks + [1.0]) * 1.18)
            ax.grid(axis="x", alpha=0.3)
            what = {"thr": "Throughput ratio ferromq / libzmq  (higher is better)",
                    "lat": "Latency ratio ferromq / libzmq  (lower is better)",
                    "mem": "Memory ratio ferromq / libzmq\n(lower is better)"}[kind]
            ax.set_title(what + "\nblack mark = goal (64 KiB: 90% of the "
                         "plain write/read loop)\ngreen = met / better, "
                         "orange = better but short of the goal, red = worse"
                         if kind == "thr" else
                         what + "\nblack mark = goal; green = met / better,\n"
                         "orange = short of the goal, red = worse",
                         fontsize=9)
            row = 1

        ax = axes[row][col]
        libs = [("ours", "ferromq", c_ours), ("libzmq", "libzmq 4.3", c_sys)]
        if not have_ours:
            libs = libs[1:]
        if any(c.runs["floor"] for c in group):
            libs.append(("floor", "plain write/read loop (floor)", c_floor))
        h = 0.8 / len(libs)
        for i, (lib, name, color) in enumerate(libs):
            off = (len(libs) - 1) / 2.0 * h - i * h
            yy, med, lo, hi, hatched = [], [], [], [], []
            for y, c in zip(ys, group):
                if not c.ok(lib):
                    if c.runs[lib]:
                        ax.text(0.01, y + off, "%s FAILED" % name, fontsize=7,
                                color="#d62728", va="center",
                                transform=ax.get_yaxis_transform())
                    continue
                m = c.median(lib)
                yy.append(y + off)
                hatched.append(c.curve)
                med.append(m)
                lo.append(m - min(c.values[lib]))
                hi.append(max(c.values[lib]) - m)
            if yy:
                bars = ax.barh(yy, med, height=h, color=color, label=name,
                               xerr=[lo, hi],
                               error_kw={"elinewidth": 1, "capsize": 2})
                for bar, hatch in zip(bars, hatched):
                    if hatch:  # CURVE rows: hatched bars
                        bar.set_hatch("//")
        for i, (lib, name, color) in enumerate(libs):
            off = (len(libs) - 1) / 2.0 * h - i * h
            for y, c in zip(ys, group):
                if not c.ok(lib):
                    continue
                m = c.median(lib)
                sp = c.spread(lib)
                txt = " " + short_num(m, c.kind)
                if sp is not None:
                    txt += " (%.0f%%)" % sp
                if lib != "floor" and c.of_floor(lib) is not None:
                    txt += " = %.0f%% of floor" % (c.of_floor(lib) * 100)
                if c.lost[lib]:
                    txt += " *lost"
                if c.disturbed[lib]:
                    txt += " !disturbed"
                ax.text(max(c.values[lib]), y + off, txt, fontsize=7,
                        va="center")
        if kind == "thr":
            ax.set_xscale("log")
        lo_x, hi_x = ax.get_xlim()
        ax.set_xlim(lo_x if kind == "thr" else 0,
                    hi_x * (2.5 if kind == "thr" else 1.3))
        ax.set_yticks(ys)
        ax.set_yticklabels(labels, fontsize=9)
        ax.set_ylim(-0.7, len(group) - 0.3)
        ax.grid(axis="x", alpha=0.3, which="both")
        # plain swatches: a group's first bar may be a hatched CURVE one
        ax.legend(handles=[Patch(facecolor=color, label=name)
                           for _, name, color in libs],
                  fontsize=8, loc="best", framealpha=0.8)
        if kind == "thr":
            ax.set_xlabel("msg/s (scale rows: delivered msg/s, round trips/s): "
                          "median, whiskers = min..max, (x%) = spread")
            ax.set_title("Throughput [msg/s]  (higher is better)", fontsize=10,
                         loc="left")
        elif kind == "lat":
            ax.set_xlabel("us one way: median, whiskers = min..max, "
                          "(x%) = spread")
            ax.set_title("Latency [us]  (lower is better)", fontsize=10,
                         loc="left")
        else:
            ax.set_xlabel("KiB VmRSS per connection (median)")
            ax.set_title("Memory [KiB/connection]  (lower is better)",
                         fontsize=10, loc="left")

    ndist = sum(1 for c in configs if c.disturbed["ours"] or c.disturbed["libzmq"])
    fig.suptitle("ferromq vs libzmq 4.3 — %s%s%s%s%s" % (
        csv_path.rsplit("/", 1)[-1],
        "\n" + meta_line(meta) if meta else "",
        "" if have_ours else "  (libzmq only: no ferromq results)",
        "" if not any(c.curve for c in configs) else
        "  (hatched: CURVE security on both sides)",
        "" if not ndist else
        "\nWARNING: other processes used the CPUs during runs of %d of %d "
        "configurations (marked !disturbed): numbers unreliable"
        % (ndist, len(configs))),
        fontsize=12, color="black" if not ndist else "#b00000")
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    fig.savefig(png, dpi=100)


def main(argv):
    if len(argv) == 3 and argv[1] == "--table":
        configs, meta = load(argv[2])
        print_tables(configs, meta)
        return 0
    if len(argv) == 4 and argv[1] == "--png":
        configs, meta = load(argv[3])
        draw(configs, meta, argv[2], argv[3])
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
