#!/usr/bin/env python3
"""Summarise a perf/bench.sh CSV: text tables and a PNG.

    plot.py --table RESULTS.csv          medians, spread, ratios, targets
    plot.py --png OUT.png RESULTS.csv    ratio per configuration + absolute values

The CSV has one row per run:
    config,library,round,value,unit,cpu_s,messages,status,kind,transport,size,
    placement,security,wall_s,other_cpu_s,kernel_bufs,detail
(security: "curve" for the CURVE configurations, ids ending in -curve, else
"null"; CSVs from before the column are read too)
(kernel_bufs: SO_SNDBUF/SO_RCVBUF the kernel reports for the data connection,
receiver;sender, tcp and ipc throughput runs)
library is "ours" (ferromq) or "libzmq" (the system library); status is ok,
lost (the receiver did not get every message; value is then the rate up to
the last message that arrived) or failed.

--table needs only the standard library; --png needs matplotlib.
"""
import csv
import statistics
import sys

# The project's performance targets: (config id, label, kind, target).
# Throughput: ratio ours/libzmq >= target; latency: ratio <= target.
# No placement is named for inproc, so both are listed.
TARGETS = [
    ("thr-tcp-64-split", "tcp thr 64 B split", "thr", 1.5),
    ("thr-tcp-1024-split", "tcp thr 1 KiB split", "thr", 1.5),
    ("thr-tcp-65536-split", "tcp thr 64 KiB split", "thr", 1.3),
    ("thr-ipc-65536-split", "ipc thr 64 KiB split", "thr", 2.0),
    ("thr-inproc-64-split", "inproc thr 64 B split", "thr", 1.5),
    ("thr-inproc-64-1cpu", "inproc thr 64 B 1-cpu", "thr", 1.5),
    ("lat-tcp-1-split", "tcp lat 1 B split", "lat", 1.0),
    ("lat-tcp-1-1cpu", "tcp lat 1 B 1-cpu", "lat", 0.7),
    ("lat-ipc-1-1cpu", "ipc lat 1 B 1-cpu", "lat", 0.7),
    ("lat-inproc-1-split", "inproc lat 1 B split", "lat", 0.7),
    ("lat-inproc-1-1cpu", "inproc lat 1 B 1-cpu", "lat", 0.7),
    # CURVE (CurveZMQ on both sides, PERF_CURVE=1): at least libzmq's speed
    ("thr-tcp-64-split-curve", "tcp thr 64 B split CURVE", "thr", 1.0),
    ("thr-tcp-1024-split-curve", "tcp thr 1 KiB split CURVE", "thr", 1.0),
]
TARGET_BY_ID = {t[0]: t for t in TARGETS}


def size_label(size):
    size = int(size)
    if size >= 1024 and size % 1024 == 0:
        return "%d KiB" % (size // 1024)
    return "%d B" % size


def placement_label(p):
    return {"1cpu": "1-cpu"}.get(p, p)


class Config:
    def __init__(self, cid, kind, transport, size, placement, security="null"):
        self.id = cid
        self.kind = kind
        self.transport = transport
        self.size = size
        self.placement = placement
        self.security = security  # "curve" or "null"
        self.values = {"ours": [], "libzmq": []}  # usable values
        self.cpu_per_m = {"ours": [], "libzmq": []}
        self.runs = {"ours": 0, "libzmq": 0}
        self.failed = {"ours": [], "libzmq": []}  # details
        self.lost = {"ours": 0, "libzmq": 0}
        self.disturbed = {"ours": 0, "libzmq": 0}
        self.bufs = {"ours": set(), "libzmq": set()}

    @property
    def curve(self):
        return self.security == "curve"

    @property
    def label(self):
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

    def ok(self, lib):
        """Usable for a comparison: ran, and ferromq never failed or lost."""
        if not self.values[lib]:
            return False
        if lib == "ours" and (self.failed["ours"] or self.lost["ours"]):
            return False
        return True

    def ratio(self):
        if not (self.ok("ours") and self.ok("libzmq")):
            return None
        return self.median("ours") / self.median("libzmq")


def load(path):
    configs = {}
    order = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
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
                    if c.kind == "thr" and row["cpu_s"] and row["messages"]:
                        msgs = float(row["messages"])
                        if msgs > 0:
                            c.cpu_per_m[lib].append(
                                float(row["cpu_s"]) / msgs * 1e6)
            if status == "lost":
                c.lost[lib] += 1
                if lib == "ours":
                    c.failed[lib].append(row.get("detail", ""))
            elif status != "ok":
                c.failed[lib].append(row.get("detail", ""))
    return [configs[i] for i in order]


def fmt_num(v, kind):
    if v is None:
        return "-"
    if kind == "thr":
        return "{:,.0f}".format(v)
    return "{:.2f}".format(v)


def short_num(v, kind):
    if kind == "lat":
        return "%.1f" % v
    if v >= 1e6:
        return "%.2fM" % (v / 1e6)
    if v >= 1e3:
        return "%.1fk" % (v / 1e3)
    return "%.0f" % v


def fmt_pct(v):
    return "-" if v is None else "{:.1f}%".format(v)


def cell(c, lib):
    if c.runs[lib] == 0:
        return "-"
    if lib == "ours" and (c.failed["ours"] or c.lost["ours"]):
        return "LOST" if c.lost["ours"] else "FAILED"
    if not c.values[lib]:
        return "FAILED"
    s = fmt_num(c.median(lib), c.kind)
    if c.lost[lib]:
        s += "*"
    if c.disturbed[lib]:
        s += "!"
    return s


def print_tables(configs, out=sys.stdout):
    have_ours = any(c.runs["ours"] for c in configs)
    w = out.write
    notes = []
    buf_diff = {}
    disturbed = []
    for kind in ("thr", "lat"):
        rows = [c for c in configs if c.kind == kind]
        if not rows:
            continue
        if kind == "thr":
            w("THROUGHPUT [msg/s], higher is better; ratio = ours/libzmq "
              "(> 1.00: ferromq faster); CPU = receiver + sender CPU seconds "
              "per million messages\n")
        else:
            w("LATENCY [us] (one way, = round trip / 2), lower is better; "
              "ratio = ours/libzmq (< 1.00: ferromq faster)\n")
        hdr = "%-22s %5s | %14s %7s | %14s %7s | %7s" % (
            "configuration", "runs", "ours median", "spread",
            "libzmq median", "spread", "ratio")
        if kind == "thr":
            hdr += " | %8s %8s" % ("CPU ours", "libzmq")
        w(hdr + "\n")
        w("-" * len(hdr) + "\n")
        for c in rows:
            r = c.ratio()
            runs = "%d/%d" % (c.runs["ours"], c.runs["libzmq"])
            line = "%-22s %5s | %14s %7s | %14s %7s | %7s" % (
                c.label, runs, cell(c, "ours"),
                fmt_pct(c.spread("ours")) if c.ok("ours") else "",
                cell(c, "libzmq"), fmt_pct(c.spread("libzmq")),
                "-" if r is None else "%.2fx" % r)
            if kind == "thr":
                co, cs = c.cpu("ours") if c.ok("ours") else None, c.cpu("libzmq")
                line += " | %8s %8s" % ("-" if co is None else "%.3f" % co,
                                        "-" if cs is None else "%.3f" % cs)
            w(line + "\n")
            if c.failed["ours"]:
                notes.append("ferromq %s: %s" % (c.id, c.failed["ours"][0]))
            if c.failed["libzmq"]:
                notes.append("libzmq %s: %s" % (c.id, c.failed["libzmq"][0]))
            if c.disturbed["ours"] or c.disturbed["libzmq"]:
                disturbed.append("%s %d/%d" % (c.id, c.disturbed["ours"],
                                               c.disturbed["libzmq"]))
            if (c.bufs["ours"] and c.bufs["libzmq"]
                    and c.bufs["ours"] != c.bufs["libzmq"]):
                key = (",".join(sorted(c.bufs["ours"])),
                       ",".join(sorted(c.bufs["libzmq"])))
                buf_diff.setdefault(key, []).append(c.label)
            if c.lost["libzmq"]:
                notes.append("libzmq %s: * lost the tail in %d of %d runs "
                             "(known libzmq 4.3 ipc defect); the value is the "
                             "rate up to the last message received"
                             % (c.id, c.lost["libzmq"], c.runs["libzmq"]))
        w("\n")
    w("spread = (max - min) / median over the rounds; runs = ours/libzmq\n")
    if any(c.curve for c in configs):
        w("CURVE = CurveZMQ security on both sides (PERF_CURVE=1: receiver = "
          "CURVE server, sender = client); all other rows are plaintext\n")
    bufs = sorted(set(b for c in configs if c.transport == "ipc"
                      for b in c.bufs["libzmq"]))
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
    if not any(t[0] in by_id for t in TARGETS):
        return
    w("TARGETS (ratio ours/libzmq)%s\n" % ("" if have_ours else
                               ": not evaluated, no ferromq runs (--only-system)"))
    hdr = "%-26s %8s %8s  %s" % ("target", "ratio", "goal", "result")
    w(hdr + "\n" + "-" * 54 + "\n")
    for cid, label, kind, goal in TARGETS:
        c = by_id.get(cid)
        goal_s = (">= %.1f" if kind == "thr" else "<= %.1f") % goal
        if c is None:
            res, rs = "not run", "-"
        elif not have_ours:
            res, rs = "n/a", "-"
        else:
            r = c.ratio()
            if r is None:
                res, rs = "NOT MET (ferromq failed)", "-"
            else:
                rs = "%.2fx" % r
                good = r >= goal if kind == "thr" else r <= goal
                res = "met" if good else "NOT MET"
        w("%-26s %8s %8s  %s\n" % (label, rs, goal_s, res))


def draw(configs, png, csv_path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    have_ours = any(c.ok("ours") for c in configs)
    thr = [c for c in configs if c.kind == "thr"]
    lat = [c for c in configs if c.kind == "lat"]
    groups = [(g, k) for g, k in ((thr, "thr"), (lat, "lat")) if g]
    nrows = 2 if have_ours else 1
    heights = [max(len(g) for g, _ in groups)] * nrows
    fig, axes = plt.subplots(
        nrows, len(groups), squeeze=False,
        figsize=(7.5 * len(groups), 0.36 * sum(heights) + 2.5),
        gridspec_kw={"height_ratios": heights})
    c_ours, c_sys = "#1f77b4", "#999999"

    for col, (group, kind) in enumerate(groups):
        labels = [c.label for c in group]
        ys = list(range(len(group)))[::-1]
        row = 0
        if have_ours:
            ax = axes[0][col]
            ratios = [c.ratio() for c in group]
            for y, c, r in zip(ys, group, ratios):
                if r is None:
                    failed = c.runs["ours"] > 0
                    ax.text(0.02, y, "ferromq FAILED" if failed else "no data",
                            va="center", ha="left", color="#d62728",
                            fontsize=8, transform=ax.get_yaxis_transform())
                    continue
                better = r >= 1.0 if kind == "thr" else r <= 1.0
                t = TARGET_BY_ID.get(c.id)
                color = "#2ca02c" if better else "#d62728"
                if t and better and not (r >= t[3] if kind == "thr"
                                         else r <= t[3]):
                    color = "#ff9f1c"
                ax.barh(y, r, color=color, alpha=0.85, height=0.7,
                        hatch="//" if c.curve else None)
                ax.text(r, y, " %.2f" % r, va="center", fontsize=8)
                if t:
                    ax.plot([t[3], t[3]], [y - 0.45, y + 0.45], color="black",
                            linewidth=2.5)
            ax.axvline(1.0, color="black", linewidth=0.8, linestyle="--")
            ax.set_yticks(ys)
            ax.set_yticklabels(labels, fontsize=9)
            ax.set_ylim(-0.7, len(group) - 0.3)
            finite = [r for r in ratios if r is not None]
            t_vals = [TARGET_BY_ID[c.id][3] for c in group if c.id in TARGET_BY_ID]
            ax.set_xlim(0, max(finite + t_vals + [1.0]) * 1.18)
            ax.grid(axis="x", alpha=0.3)
            if kind == "thr":
                ax.set_title("Throughput ratio ferromq / libzmq  (higher is better)\n"
                             "black mark = target; green = met / faster, orange = faster but "
                             "short of the target, red = slower", fontsize=9)
            else:
                ax.set_title("Latency ratio ferromq / libzmq  (lower is better)\n"
                             "black mark = target; green = met / faster, orange = faster but "
                             "short of the target, red = slower", fontsize=9)
            row = 1

        ax = axes[row][col]
        libs = [("ours", "ferromq", c_ours), ("libzmq", "libzmq 4.3", c_sys)]
        if not have_ours:
            libs = libs[1:]
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
                txt = " " + short_num(m, kind)
                if sp is not None:
                    txt += " (%.0f%%)" % sp
                if c.lost[lib]:
                    txt += " *lost tail"
                if c.disturbed[lib]:
                    txt += " !disturbed"
                ax.text(max(c.values[lib]), y + off, txt, fontsize=7,
                        va="center")
        if kind == "thr":
            ax.set_xscale("log")
        lo_x, hi_x = ax.get_xlim()
        ax.set_xlim(lo_x if kind == "thr" else 0,
                    hi_x * (2.5 if kind == "thr" else 1.25))
        ax.set_yticks(ys)
        ax.set_yticklabels(labels, fontsize=9)
        ax.set_ylim(-0.7, len(group) - 0.3)
        ax.grid(axis="x", alpha=0.3, which="both")
        # plain swatches: a group's first bar may be a hatched CURVE one
        ax.legend(handles=[Patch(facecolor=color, label=name)
                           for _, name, color in libs],
                  fontsize=8, loc="lower right", bbox_to_anchor=(1.0, 1.0),
                  ncol=2, frameon=False, borderaxespad=0.2)
        if kind == "thr":
            ax.set_xlabel("msg/s: median of the rounds, whiskers = min..max, "
                          "(x%) = spread (max-min)/median")
            ax.set_title("Throughput [msg/s]  (higher is better)", fontsize=10,
                         loc="left")
        else:
            ax.set_xlabel("us one way: median, whiskers = min..max, "
                          "(x%) = spread")
            ax.set_title("Latency [us]  (lower is better)", fontsize=10,
                         loc="left")

    ndist = sum(1 for c in configs if c.disturbed["ours"] or c.disturbed["libzmq"])
    fig.suptitle("ferromq vs libzmq 4.3 — %s%s%s%s" % (
        csv_path.rsplit("/", 1)[-1],
        "" if have_ours else "  (libzmq only: no ferromq results)",
        "" if not any(c.curve for c in configs) else
        "  (hatched: CURVE security on both sides)",
        "" if not ndist else
        "\nWARNING: other processes used the CPUs during runs of %d of %d "
        "configurations (marked !disturbed): numbers unreliable"
        % (ndist, len(configs))),
        fontsize=12, color="black" if not ndist else "#b00000")
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    fig.savefig(png, dpi=100)


def main(argv):
    if len(argv) == 3 and argv[1] == "--table":
        print_tables(load(argv[2]))
        return 0
    if len(argv) == 4 and argv[1] == "--png":
        draw(load(argv[3]), argv[2], argv[3])
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
