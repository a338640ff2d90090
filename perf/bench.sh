#!/usr/bin/env bash
# Side-by-side benchmark: the same perf binaries (perf/*.c, built against
# zmq.h) run on ferromq (build/lib, through LD_LIBRARY_PATH) and on the
# system libzmq, alternating ours/libzmq in every round, pinned with taskset.
#
#   perf/bench.sh                 full run (make bench)
#   perf/bench.sh --smoke         quick functional run (make test); no timing
#   perf/bench.sh --only-system   libzmq only (no ratios); combines with --smoke
#
# Besides the perf pairs it runs, in every configuration of 64 KiB over tcp
# and ipc, floor_thr (a plain write/read loop, no zmq: the physical floor),
# and the scale configurations: PUB -> 1/10/100 SUBs (pub_thr/sub_thr),
# ROUTER <- 1000 DEALERs (dealer_cli/router_srv) and a ROUTER holding 10,000
# idle connections (idle_conns/idle_router; it raises `ulimit -n`).
# The header (commit, kernel, CPU model, date) is printed first, written as
# comment lines at the top of the CSV and put in the plot title.
#
# Environment:
#   BENCH_ROUNDS=N      rounds per configuration (default 3; smoke: 1)
#   BENCH_SCALE=F       multiply message/roundtrip counts (default 1)
#   BENCH_FILTER=RE     only configurations whose id matches the extended
#                       regex (ids look like thr-tcp-64-split, lat-ipc-1-1cpu;
#                       CURVE ones end in -curve: BENCH_FILTER=curve; the
#                       scale ones start with scale-: BENCH_FILTER=scale,
#                       e.g. scale-pub-tcp-64-split-100sub)
#   BENCH_TIMEOUT=S     hard limit per process in seconds (default 30+20*scale)
#   BENCH_IDLE_WAIT=S   wait up to S seconds for an idle machine before each
#                       configuration or repeated run (default 30)
#   BENCH_IDLE_BUDGET=S at most S seconds of such waiting in total (default 300)
#   BENCH_RETRY_DISTURBED=N  repeat a run up to N times when other processes
#                       used the CPUs during it (default 2)
#   BENCH_OURS_LIBDIR   our library directory (default <repo>/build/lib)
#   BENCH_RESULTS       results directory (default <repo>/perf/results)
#   CC                  C compiler (default cc)
#
# Exit status: non-zero when any run failed (crash, timeout, wrong library
# loaded, CURVE not active in a -curve configuration, message of the wrong
# size) or when ferromq lost a message. The
# system libzmq losing the tail of an ipc stream (a known libzmq 4.3 defect,
# see perf/README.md) is reported loudly but does not fail the run.
set -eu

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$ROOT"

SMOKE=0
ONLY_SYSTEM=0
for arg in "$@"; do
    case "$arg" in
        --smoke) SMOKE=1 ;;
        --only-system) ONLY_SYSTEM=1 ;;
        -h|--help) sed -n "2,/^set -eu/p" "$ROOT/perf/bench.sh" | sed "\$d"; exit 0 ;;
        *) echo "bench.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
    esac
done

if [ "$SMOKE" = 1 ]; then ROUNDS="${BENCH_ROUNDS:-1}"; else ROUNDS="${BENCH_ROUNDS:-3}"; fi
SCALE="${BENCH_SCALE:-1}"
FILTER="${BENCH_FILTER:-}"
OURS_LIBDIR="$(readlink -f "${BENCH_OURS_LIBDIR:-$ROOT/build/lib}" 2>/dev/null || echo "${BENCH_OURS_LIBDIR:-$ROOT/build/lib}")"
RESULTS="${BENCH_RESULTS:-$ROOT/perf/results}"
CC="${CC:-cc}"
BIN="$ROOT/build/perf"

case "$ROUNDS" in ''|*[!0-9]*|0) echo "bench.sh: BENCH_ROUNDS must be a positive integer" >&2; exit 2 ;; esac
if ! awk -v s="$SCALE" 'BEGIN { exit !(s + 0 > 0) }'; then
    echo "bench.sh: BENCH_SCALE must be a positive number" >&2; exit 2
fi
if [ "$SMOKE" = 1 ]; then DEFAULT_TIMEOUT=20
else DEFAULT_TIMEOUT="$(awk -v s="$SCALE" 'BEGIN { printf "%d", 30 + 20 * s }')"; fi
PROC_TIMEOUT="${BENCH_TIMEOUT:-$DEFAULT_TIMEOUT}"
# Silence on a throughput stream longer than this is a loss (the receiver
# reports how many messages arrived and fails); latency runs use the same.
export PERF_TIMEOUT_MS="${PERF_TIMEOUT_MS:-3000}"
export PERF_SHOW_LIB=1
# CURVE is per configuration (-curve ids): never inherited from the caller
unset PERF_CURVE
# grace for the sender once the receiver is done (it may block in
# zmq_ctx_term with infinite linger when the receiver died)
SENDER_GRACE=5
[ "$SMOKE" = 1 ] && SENDER_GRACE=3

# ---------------------------------------------------------------- libraries
SYS_LIB="$(ldconfig -p 2>/dev/null | awk '/libzmq\.so\.5 .*x86-64/ { print $NF; exit }')"
[ -n "$SYS_LIB" ] || SYS_LIB="$(ldconfig -p 2>/dev/null | awk '/libzmq\.so\.5 / { print $NF; exit }')"
for cand in "$SYS_LIB" /usr/lib/x86_64-linux-gnu/libzmq.so.5 /usr/lib/libzmq.so.5 /usr/local/lib/libzmq.so.5; do
    if [ -n "$cand" ] && [ -e "$cand" ]; then SYS_LIB="$cand"; break; fi
done
if [ -z "$SYS_LIB" ] || [ ! -e "$SYS_LIB" ]; then
    echo "bench.sh: the system libzmq (libzmq.so.5) is not installed (make deps)" >&2; exit 1
fi
SYS_REAL="$(readlink -f "$SYS_LIB")"
OURS_LIB="$OURS_LIBDIR/libzmq.so.5"
OURS_OK=1
if [ "$ONLY_SYSTEM" = 0 ] && [ ! -e "$OURS_LIB" ]; then
    echo "bench.sh: WARNING: $OURS_LIB does not exist (make lib); every ferromq run is FAILED" >&2
    OURS_OK=0
fi
if [ "$ONLY_SYSTEM" = 1 ]; then LIBS="libzmq"; else LIBS="ours libzmq"; fi

if [ "$SMOKE" = 0 ] && ! command -v taskset >/dev/null 2>&1; then
    echo "bench.sh: taskset (util-linux) is required for pinned runs" >&2; exit 1
fi
if [ "$SMOKE" = 0 ] && [ "$(nproc 2>/dev/null || echo 1)" -lt 2 ]; then
    echo "bench.sh: the split placement needs at least 2 CPUs" >&2; exit 1
fi

# The idle ROUTER configuration holds 10,000 connections in each of its two
# processes: raise the descriptor limit (root may raise the hard limit too).
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 65536 ]; then
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fi

# ------------------------------------------------------------- temp + cleanup
TMP="$(mktemp -d /tmp/ferromq-bench.XXXXXX)"
PIDS=""
cleanup() {
    local p
    for p in $PIDS; do
        kill -TERM "$p" 2>/dev/null || true
    done
    sleep 0.2
    for p in $PIDS; do
        kill -KILL "$p" 2>/dev/null || true
    done
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'echo "bench.sh: interrupted" >&2; exit 130' INT TERM

forget_pid() {
    local keep="" p
    for p in $PIDS; do [ "$p" = "$1" ] || keep="$keep $p"; done
    PIDS="$keep"
}

# ------------------------------------------------------------------- build
build_perf() {
    local inc="" ldir="" p srcs="local_thr remote_thr local_lat remote_lat inproc_thr inproc_lat"
    srcs="$srcs sub_thr pub_thr router_srv dealer_cli idle_router"
    mkdir -p "$BIN"
    # the plain-socket programs: no libzmq, and proven so
    for p in floor_thr idle_conns; do
        "$CC" -std=c99 -O2 -Wall -Wextra -Werror=implicit-function-declaration -o "$BIN/$p" "perf/$p.c"
        if command -v readelf >/dev/null 2>&1 && readelf -d "$BIN/$p" 2>/dev/null | grep -q 'NEEDED.*libzmq'; then
            echo "bench.sh: $p must not link libzmq" >&2; exit 1
        fi
    done
    if [ "$ONLY_SYSTEM" = 0 ] && [ -f "$ROOT/include/zmq.h" ]; then inc="-I$ROOT/include"; fi
    if [ "$ONLY_SYSTEM" = 0 ] && [ -e "$OURS_LIBDIR/libzmq.so" ]; then ldir="-L$OURS_LIBDIR"; fi
    for p in $srcs; do
        # shellcheck disable=SC2086
        if ! "$CC" -std=c99 -O2 -Wall -Wextra -Werror=implicit-function-declaration $inc -o "$BIN/$p" "perf/$p.c" $ldir -lzmq -lpthread \
                2>"$TMP/cc.err"; then
            if [ -z "$inc$ldir" ]; then cat "$TMP/cc.err" >&2; exit 1; fi
            echo "bench.sh: WARNING: building $p against ferromq's zmq.h/library failed;" \
                 "using the system zmq.h/libzmq instead:" >&2
            sed 's/^/    /' "$TMP/cc.err" | head -20 >&2
            "$CC" -std=c99 -O2 -Wall -Wextra -Werror=implicit-function-declaration -o "$BIN/$p" "perf/$p.c" -lzmq -lpthread
        elif [ -s "$TMP/cc.err" ]; then
            sed 's/^/    /' "$TMP/cc.err" >&2
        fi
        # the binaries must name libzmq.so.5 so that LD_LIBRARY_PATH swaps it
        if command -v readelf >/dev/null 2>&1; then
            readelf -d "$BIN/$p" >"$TMP/needed" 2>&1 || true
            if ! grep -q 'NEEDED.*\[libzmq\.so\.5\]' "$TMP/needed"; then
                echo "bench.sh: WARNING: $p linked against $OURS_LIBDIR does not need" \
                     "libzmq.so.5 (wrong SONAME?); linking against the system libzmq" >&2
                "$CC" -std=c99 -O2 -Wall -Wextra -Werror=implicit-function-declaration $inc -o "$BIN/$p" "perf/$p.c" -lzmq -lpthread
            fi
        fi
    done
}

# ------------------------------------------------------------------ running
# lib_env LIB -> words for `env`: select the library through LD_LIBRARY_PATH
lib_env() {
    if [ "$1" = ours ]; then echo "LD_LIBRARY_PATH=$OURS_LIBDIR"; else echo "-u LD_LIBRARY_PATH"; fi
}
# (LIB "floor": the plain-socket programs floor_thr and idle_conns, which
# load no libzmq and say "library: none ...")

# check_lib LIB FILE -> 0 when FILE's "library:" line names the right library
check_lib() {
    local path real
    path="$(sed -n 's/^library: //p' "$2" 2>/dev/null | head -1)"
    [ -n "$path" ] || { LIBERR="no 'library:' line"; return 1; }
    if [ "$1" = floor ]; then
        [ "${path%% *}" = none ] && return 0
        LIBERR="loaded $path: expected no libzmq at all"; return 1
    fi
    [ "${path%% *}" != none ] || { LIBERR="no libzmq loaded, expected the $1 library"; return 1; }
    real="$(readlink -f "$path" 2>/dev/null || echo "$path")"
    if [ "$1" = ours ]; then
        [ "$(dirname "$real")" = "$OURS_LIBDIR" ] && return 0
    else
        [ "$real" = "$SYS_REAL" ] && return 0
    fi
    LIBERR="loaded $path instead of the $1 library"
    return 1
}

# check_sec SECURITY ROLE FILE -> 0 when FILE's "security:" line matches:
# for curve "security: CURVE server|client" (the programs print it once every
# CURVE option was accepted and read back), otherwise no such line at all
check_sec() {
    if [ "$1" = curve ]; then
        grep -q "^security: CURVE $2 " "$3" 2>/dev/null && return 0
        SECERR="no 'security: CURVE $2' line: CURVE was not active"; return 1
    fi
    grep -q '^security:' "$3" 2>/dev/null || return 0
    SECERR="unexpected '$(grep -m1 '^security:' "$3" | cut -c1-40)' in a plaintext run"
    return 1
}

# start_bg OUTFILE CPUS CMD... -> BGPID (timeout process, own process group)
start_bg() {
    local out="$1" cpus="$2"; shift 2
    if [ -n "$cpus" ]; then
        timeout -k 3 "$PROC_TIMEOUT" taskset -c "$cpus" "$@" >"$out" 2>&1 &
    else
        timeout -k 3 "$PROC_TIMEOUT" "$@" >"$out" 2>&1 &
    fi
    BGPID=$!
    PIDS="$PIDS $BGPID"
}

# wait_pid PID -> RC
wait_pid() {
    RC=0
    wait "$1" || RC=$?
    forget_pid "$1"
}

# wait_bounded PID SECONDS -> RC (kills the process when it does not end)
wait_bounded() {
    local i=0 lim=$(( $2 * 10 ))
    while kill -0 "$1" 2>/dev/null && [ "$i" -lt "$lim" ]; do
        sleep 0.1; i=$((i + 1))
    done
    if kill -0 "$1" 2>/dev/null; then
        kill -TERM "$1" 2>/dev/null || true
        sleep 0.3
        kill -KILL "$1" 2>/dev/null || true
        wait_pid "$1"; RC=998
    else
        wait_pid "$1"
    fi
}

# wait_pair RECEIVER_PID SENDER_PID -> RRC SRC. Blocks (no polling) until one
# of the two ends; the other then gets a bounded grace: the sender
# SENDER_GRACE (it may block in zmq_ctx_term when the receiver died), the
# receiver its silence timeout plus a little (a library that ignores
# ZMQ_RCVTIMEO would otherwise hold the run until BENCH_TIMEOUT).
RECV_GRACE=$(( PERF_TIMEOUT_MS / 1000 + 3 ))
wait_pair() {
    local first="" st=0
    if [ "${BASH_VERSINFO[0]}" -gt 5 ] ||
       { [ "${BASH_VERSINFO[0]}" = 5 ] && [ "${BASH_VERSINFO[1]}" -ge 1 ]; }; then
        wait -n -p first "$1" "$2" || st=$?
    fi
    if [ "$first" = "$1" ]; then
        RRC=$st; forget_pid "$1"
        wait_bounded "$2" "$SENDER_GRACE"; SRC=$RC
    elif [ "$first" = "$2" ]; then
        SRC=$st; forget_pid "$2"
        wait_bounded "$1" "$RECV_GRACE"; RRC=$RC
    else
        wait_pid "$1"; RRC=$RC
        wait_bounded "$2" "$SENDER_GRACE"; SRC=$RC
    fi
}

first_error() {
    grep -m1 -E 'error|incorrect|usage|invalid|Assertion|panick|symbol lookup|cannot open' "$1" 2>/dev/null \
        | cut -c1-160 || true
}

# fail_detail WHO FILE RC -> text
fail_detail() {
    local msg
    msg="$(first_error "$2")"
    case "$3" in
        124|137|998) echo "$1 timed out (${msg:-no output})" ;;
        *) echo "$1 exit $3${msg:+: $msg}" ;;
    esac
}

getval() { sed -n "s/^$1 \\([0-9.]*\\) .*/\\1/p" "$2" 2>/dev/null | head -1; }

PORT_BASE=$(( 20000 + ($$ % 50) * 200 ))
PORT_SEQ=0
next_port() {
    PORT_SEQ=$(( (PORT_SEQ + 1 + RANDOM % 7) % 12000 ))
    echo $(( 20000 + (PORT_BASE - 20000 + PORT_SEQ) % 12000 ))
}

# busy_pct SECONDS -> percentage of the machine's CPU time used (by anything)
# during the sample, from /proc/stat
cpu_sample() { awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t, $5 + $6; exit }' /proc/stat; }
busy_pct() {
    local a b
    a="$(cpu_sample)"; sleep "$1"; b="$(cpu_sample)"
    echo "$a $b" | awk '{ dt = $3 - $1; di = $4 - $2; if (dt <= 0) print 0; else printf "%d\n", (dt - di) * 100 / dt }'
}

# wait (up to BENCH_IDLE_WAIT seconds) until nothing else uses the CPUs;
# sets BUSY to the last sample (percent of all CPUs)
IDLE_WAIT="${BENCH_IDLE_WAIT:-30}"
IDLE_BUDGET="${BENCH_IDLE_BUDGET:-300}"
IDLE_MAX=10
wait_idle() {
    local waited=0
    BUSY=0
    [ -r /proc/stat ] || return 0
    BUSY="$(busy_pct 0.3)"
    while [ "$BUSY" -gt "$IDLE_MAX" ] && [ "$waited" -lt "$IDLE_WAIT" ] && [ "$IDLE_BUDGET" -gt 0 ]; do
        [ "$waited" = 0 ] && echo "  .. other processes use ${BUSY}% of the CPUs; waiting up to" \
            "${IDLE_WAIT}s for the machine to be idle (${IDLE_BUDGET}s of waiting left in this bench)" >&2
        sleep 0.5
        BUSY="$(busy_pct 0.5)"
        waited=$((waited + 1)); IDLE_BUDGET=$((IDLE_BUDGET - 1))
    done
}

RUN_SEQ=0
# run_one KIND TRANSPORT SIZE COUNT PLACEMENT LIB [SECURITY]
#   -> R_STATUS (ok | lost | failed), R_VALUE, R_CPU, R_MSGS, R_DETAIL
#   SECURITY: curve (PERF_CURVE=1: the receiver is the CURVE server, the
#   sender the client; tcp and ipc only) or empty (plaintext)
run_one() {
    local kind="$1" tr="$2" size="$3" count="$4" pl="$5" lib="$6" x="${7:-}"
    local rcpus="" scpus="" recv send ep rout sout attempt rpid spid rrc src
    local envw rcpu scpu got partial tag sec="" nx="" want rlib slib
    local rmode="" smode="" vfile
    RUN_SEQ=$((RUN_SEQ + 1))
    R_STATUS=failed; R_VALUE=""; R_CPU=""; R_MSGS="$count"; R_DETAIL=""; R_FILES=""; R_BUFS=""
    R_P99=""; R_RSS=""
    if [ "$lib" = ours ] && [ "$OURS_OK" = 0 ]; then
        R_DETAIL="ferromq library not built ($OURS_LIB)"; return
    fi
    # the 7th field: "curve", or the peer count of a scale configuration
    # (100sub, 1000dealer, 10000conn)
    case "$x" in
        curve) sec=curve ;;
        '') ;;
        *) nx="${x%%[!0-9]*}" ;;
    esac
    # shellcheck disable=SC2046
    envw=$(lib_env "$lib")
    tag="$lib $kind $tr $size $pl${x:+ $x}"
    if [ "$sec" = curve ]; then
        if [ "$tr" = inproc ]; then R_DETAIL="CURVE does not apply to inproc"; return; fi
        envw="$envw PERF_CURVE=1"
    fi
    case "$pl" in
        split) rcpus=0; scpus=1 ;;
        1cpu) rcpus=0; scpus=0 ;;
        any) rcpus=""; scpus="" ;;
    esac
    rout="$TMP/run$RUN_SEQ.recv"; sout="$TMP/run$RUN_SEQ.send"
    R_FILES="$rout $sout"
    [ "$tr" = inproc ] && { rout="$TMP/run$RUN_SEQ.proc"; R_FILES="$rout"; }

    if [ "$tr" = inproc ]; then
        local prog="inproc_$kind" pcpus="" pin=""
        case "$pl" in
            split) pcpus="0,1"; pin="PERF_CPU_MAIN=0 PERF_CPU_WORKER=1" ;;
            1cpu) pcpus="0"; pin="PERF_CPU_MAIN=0 PERF_CPU_WORKER=0" ;;
        esac
        # shellcheck disable=SC2086
        start_bg "$rout" "$pcpus" env $envw $pin "$BIN/$prog" "$size" "$count"
        wait_pid "$BGPID"; rrc=$RC
        log_run "$tag" "$rout"
        if grep -q '^library:' "$rout" || [ "$rrc" = 0 ]; then
            if ! check_lib "$lib" "$rout"; then
                R_DETAIL="${LIBERR}; $(fail_detail "$prog" "$rout" "$rrc")"; return
            fi
        fi
        rcpu="$(getval 'cpu time:' "$rout")"
        if [ "$kind" = thr ]; then
            got="$(sed -n 's/.*received \([0-9]*\) of.*/\1/p' "$rout" | head -1)"
            R_VALUE="$(getval 'mean throughput:' "$rout" | head -1)"
        else
            R_VALUE="$(getval 'average latency:' "$rout")"
        fi
        if [ "$rrc" = 0 ] && [ -n "$R_VALUE" ]; then
            R_STATUS=ok; R_CPU="$rcpu"
        elif [ "$kind" = thr ] && [ -n "$got" ] && [ "$got" != "$count" ]; then
            R_STATUS=lost; R_VALUE=""; R_MSGS="$got"
            R_DETAIL="LOST $((count - got)) of $count messages ($(first_error "$rout"))"
        else
            R_VALUE=""; R_DETAIL="$(fail_detail "$prog" "$rout" "$rrc")"
        fi
        return
    fi

    # the pair: receiver (binds; prints "library:" once bound) and sender,
    # each with the library it must have loaded ("floor" = none at all)
    rlib="$lib"; slib="$lib"; want="$count"
    case "$kind" in
        thr) recv=local_thr; send=remote_thr ;;
        lat) recv=local_lat; send=remote_lat ;;
        scale-pub) recv=sub_thr; send=pub_thr; want=$((count * nx)) ;;
        scale-router) recv=router_srv; send=dealer_cli; want=$((count * nx)) ;;
        scale-idle) recv=idle_router; send=idle_conns; slib=floor; want="$nx"
            # taking in 10,000 connections is silent for a while
            envw="$envw PERF_TIMEOUT_MS=$(( PERF_TIMEOUT_MS > 20000 ? PERF_TIMEOUT_MS : 20000 ))" ;;
    esac
    if [ "$lib" = floor ]; then recv=floor_thr; send=floor_thr; rmode=recv; smode=send; fi
    if [ "$kind" = scale-idle ] && [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((nx + 200)) ]; then
        R_DETAIL="ulimit -n is $(ulimit -n), below the $nx connections (+200) of $kind (raise the hard limit)"; return
    fi
    R_MSGS="$want"
    for attempt in 1 2 3 4 5 6 7 8; do
        if [ "$tr" = tcp ]; then ep="tcp://127.0.0.1:$(next_port)"; else ep="ipc://$TMP/r$RUN_SEQ-$attempt.ipc"; fi
        # shellcheck disable=SC2086
        case "$kind" in
            scale-idle) start_bg "$rout" "$rcpus" env $envw "$BIN/$recv" "$ep" "$nx" ;;
            scale-*) start_bg "$rout" "$rcpus" env $envw "$BIN/$recv" "$ep" "$size" "$count" "$nx" ;;
            *) start_bg "$rout" "$rcpus" env $envw "$BIN/$recv" $rmode "$ep" "$size" "$count" ;;
        esac
        rpid=$BGPID
        # ready once the receiver is bound (it prints "library:" after bind)
        local i=0
        while [ "$i" -lt 100 ] && kill -0 "$rpid" 2>/dev/null && ! grep -q '^library:' "$rout" 2>/dev/null; do
            sleep 0.05; i=$((i + 1))
        done
        if grep -q '^library:' "$rout" 2>/dev/null; then break; fi
        if ! kill -0 "$rpid" 2>/dev/null; then
            wait_pid "$rpid"
            if grep -q 'Address already in use' "$rout" 2>/dev/null; then continue; fi
            log_run "$tag (receiver)" "$rout"
            R_DETAIL="$(fail_detail "$recv" "$rout" "$RC")"; return
        fi
        kill -TERM "$rpid" 2>/dev/null || true; wait_pid "$rpid"
        log_run "$tag (receiver)" "$rout"
        R_DETAIL="$recv did not bind within 5 s"; return
    done
    if ! grep -q '^library:' "$rout" 2>/dev/null; then R_DETAIL="no free port after 8 attempts"; return; fi

    # shellcheck disable=SC2086
    case "$kind" in
        scale-idle) start_bg "$sout" "$scpus" env $envw "$BIN/$send" "$ep" "$nx" ;;
        scale-*) start_bg "$sout" "$scpus" env $envw "$BIN/$send" "$ep" "$size" "$count" "$nx" ;;
        *) start_bg "$sout" "$scpus" env $envw "$BIN/$send" $smode "$ep" "$size" "$count" ;;
    esac
    spid=$BGPID
    wait_pair "$rpid" "$spid"; rrc=$RRC; src=$SRC
    log_run "$tag $ep (receiver rc=$rrc)" "$rout"
    log_run "$tag $ep (sender rc=$src)" "$sout"

    if ! check_lib "$rlib" "$rout"; then R_DETAIL="$recv: $LIBERR"; return; fi
    if ! grep -q '^library:' "$sout" && [ "$src" != 0 ]; then
        R_DETAIL="$(fail_detail "$send" "$sout" "$src")"; return
    fi
    if ! check_lib "$slib" "$sout"; then
        R_DETAIL="$send: $LIBERR; $(fail_detail "$send" "$sout" "$src")"; return
    fi
    # CURVE must have been active on both sides (and never in plaintext runs)
    if ! check_sec "$sec" server "$rout"; then
        R_DETAIL="$recv: $SECERR; $(fail_detail "$recv" "$rout" "$rrc")"; return
    fi
    if ! check_sec "$sec" client "$sout"; then
        R_DETAIL="$send: $SECERR; $(fail_detail "$send" "$sout" "$src")"; return
    fi
    rcpu="$(getval 'cpu time:' "$rout")"
    scpu="$(getval 'cpu time:' "$sout")"
    # kernel socket buffers of the data connection: receiver;sender (snd/rcv)
    R_BUFS="$(for f in "$rout" "$sout"; do
        sed -n 's/^socket buffers: sndbuf \([0-9]*\) rcvbuf \([0-9]*\).*/\1\/\2/p' "$f" 2>/dev/null | head -1
    done | paste -sd ';' -)"
    # where the value and the message count are printed: the receiver, but
    # for the ROUTER/DEALER pair the DEALERs' side (which times the round
    # trips)
    vfile="$rout"
    [ "$kind" = scale-router ] && vfile="$sout"
    if [ "$kind" = scale-router ]; then R_P99="$(getval 'p99 round trip:' "$sout")"; fi
    if [ "$kind" = scale-idle ]; then
        R_RSS="$(getval 'rss before:' "$rout");$(getval 'rss after:' "$rout")"
        [ "$R_RSS" = ";" ] && R_RSS=""
    fi
    if [ "$kind" = scale-idle ]; then
        R_VALUE="$(getval 'rss per connection:' "$rout")"
    elif [ "$kind" != lat ]; then
        got="$(sed -n 's/.*received \([0-9]*\) of.*/\1/p' "$vfile" | head -1)"
        R_VALUE="$(getval 'mean throughput:' "$vfile" | head -1)"
        partial="$(getval 'partial throughput:' "$vfile")"
        if [ -n "$got" ] && [ "$got" != "$want" ]; then
            R_STATUS=lost; R_MSGS="$got"
            R_DETAIL="LOST $((want - got)) of $want messages: receiver got $got"
            grep -q '^dropped: [1-9]' "$vfile" && R_DETAIL="$R_DETAIL ($(grep -m1 '^dropped:' "$vfile") with HWM above the count)"
            [ "$src" = 0 ] || R_DETAIL="$R_DETAIL; $(fail_detail "$send" "$sout" "$src")"
            # the rate up to the last message that arrived
            R_VALUE="$partial"
            [ -n "$rcpu" ] && [ -n "$scpu" ] && R_CPU="$(awk -v a="$rcpu" -v b="$scpu" 'BEGIN { printf "%.6f", a + b }')"
            return
        fi
    else
        R_VALUE="$(getval 'average latency:' "$sout")"
    fi
    if [ "$rrc" != 0 ]; then
        R_VALUE=""; R_DETAIL="$(fail_detail "$recv" "$rout" "$rrc")"
        # both failed: the sender's reason may be the cause (remote_lat is
        # the side that checks the CURVE wire in latency runs)
        [ "$src" = 0 ] || R_DETAIL="$R_DETAIL; $(fail_detail "$send" "$sout" "$src")"
        return
    fi
    if [ "$src" != 0 ]; then R_VALUE=""; R_DETAIL="$(fail_detail "$send" "$sout" "$src")"; return; fi
    if [ -z "$R_VALUE" ] || [ -z "$rcpu" ] || [ -z "$scpu" ]; then
        R_VALUE=""; R_DETAIL="could not parse the output"; return
    fi
    R_STATUS=ok
    R_CPU="$(awk -v a="$rcpu" -v b="$scpu" 'BEGIN { printf "%.6f", a + b }')"
}

# the output of a failed run, on stderr
show_output() {
    local f
    for f in $R_FILES; do
        [ -s "$f" ] || continue
        echo "  -- output of $(basename "$f" | sed 's/.*\.recv$/the receiver/; s/.*\.send$/the sender/; s/.*\.proc$/the program/'):" >&2
        grep -v '^zmq version:' "$f" | head -12 | sed 's/^/  |  /' >&2
    done
}

# measured_run ARGS... = run_one ARGS..., plus R_WALL (s), R_OTHER (CPU
# seconds used by other processes during the run: machine busy time from
# /proc/stat minus the CPU time our processes report) and R_DISTURBED
RETRY_DISTURBED="${BENCH_RETRY_DISTURBED:-2}"
measured_run() {
    local a b t0 t1
    a="$(cpu_sample 2>/dev/null || echo '0 0')"; t0="$(date +%s%N)"
    run_one "$@"
    b="$(cpu_sample 2>/dev/null || echo '0 0')"; t1="$(date +%s%N)"
    R_WALL="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')"
    R_OTHER=""; R_DISTURBED=0
    if [ "$R_STATUS" = ok ] && [ -n "$R_CPU" ] && [ -r /proc/stat ]; then
        R_OTHER="$(echo "$a $b" | awk -v our="$R_CPU" -v hz="$(getconf CLK_TCK 2>/dev/null || echo 100)" \
            '{ o = ((($3 - $1) - ($4 - $2)) / hz) - our; if (o < 0) o = 0; printf "%.2f", o }')"
        # more than 20% of one CPU on average, and at least 150 ms (the
        # runner itself accounts for a few tens of ms per run)
        R_DISTURBED="$(awk -v o="$R_OTHER" -v w="$R_WALL" 'BEGIN { print (o > 0.15 && o > 0.2 * w) ? 1 : 0 }')"
    fi
}

log_run() {
    { echo "---- $1"; cat "$2"; } >>"$LOG" 2>/dev/null || true
}

# ---------------------------------------------------------- configurations
# kind transport size placement count [x]   (count at BENCH_SCALE=1,
# chosen so a run takes roughly 0.5-2 s on libzmq 4.3.4 on the 2-core
# reference machine; the CURVE ones, slower, 1.5-3 s). x "curve" runs
# the pair with PERF_CURVE=1 and appends -curve to the id.
# Scale kinds (x = the number of peers, appended to the id):
#   scale-pub     pub_thr -> sub_thr: count = messages per SUB, x = NNsub
#   scale-router  dealer_cli -> router_srv: count = round trips per DEALER,
#                 x = NNdealer
#   scale-idle    idle_conns -> idle_router: count = x = NNconn connections
#                 (not scaled by BENCH_SCALE)
# thr 64 KiB over tcp/ipc also runs floor_thr (the plain-socket floor) as a
# third "library" in every round.
full_configs() {
    cat <<'EOF'
thr tcp 1 split 4000000
thr tcp 1 1cpu 2500000
thr tcp 64 split 3000000
thr tcp 64 1cpu 1500000
thr tcp 1024 split 800000
thr tcp 1024 1cpu 400000
thr tcp 65536 split 30000
thr tcp 65536 1cpu 15000
thr ipc 1 split 4000000
thr ipc 1 1cpu 2500000
thr ipc 64 split 3000000
thr ipc 64 1cpu 1000000
thr ipc 1024 split 500000
thr ipc 1024 1cpu 200000
thr ipc 65536 split 20000
thr ipc 65536 1cpu 20000
thr inproc 64 split 500000
thr inproc 64 1cpu 4000000
thr inproc 1024 split 400000
thr inproc 1024 1cpu 2500000
lat tcp 1 split 20000
lat tcp 1 1cpu 20000
lat tcp 1024 split 20000
lat tcp 1024 1cpu 20000
lat ipc 1 split 25000
lat ipc 1 1cpu 25000
lat ipc 1024 split 25000
lat ipc 1024 1cpu 25000
lat inproc 1 split 60000
lat inproc 1 1cpu 100000
lat inproc 1024 split 60000
lat inproc 1024 1cpu 100000
thr tcp 64 split 2500000 curve
thr tcp 1024 split 600000 curve
lat tcp 1 split 40000 curve
scale-pub tcp 64 split 3000000 1sub
scale-pub tcp 64 split 300000 10sub
scale-pub tcp 64 split 30000 100sub
scale-router tcp 64 split 100 1000dealer
scale-idle tcp 1 split 10000 10000conn
EOF
}

# every program on both libraries, tiny counts, unpinned; the ipc 1 B run is
# the tail check (sender closes right after its last send)
smoke_configs() {
    cat <<'EOF'
thr tcp 64 any 20000
thr tcp 65536 any 300
thr ipc 1 any 50000
thr ipc 1024 any 5000
thr inproc 64 any 20000
lat tcp 1 any 500
lat ipc 1024 any 500
lat inproc 1 any 1000
thr tcp 64 any 20000 curve
lat tcp 1 any 300 curve
thr ipc 65536 any 300
scale-pub tcp 64 any 2000 10sub
scale-router tcp 64 any 20 100dealer
scale-idle tcp 1 any 1000 1000conn
EOF
}

# ------------------------------------------------------------------- main
build_perf
mkdir -p "$RESULTS"
STAMP="$(date +%Y%m%d-%H%M%S)"
if [ "$SMOKE" = 1 ]; then
    CSV="$TMP/smoke.csv"; LOG="$TMP/smoke.log"
else
    CSV="$RESULTS/bench-$STAMP.csv"; LOG="$RESULTS/bench-$STAMP.log"
fi
# what was measured where: the header of the output, the CSV (comment
# lines) and the plot title
META_COMMIT="$(git -C "$ROOT" describe --always --dirty=+dirty 2>/dev/null || echo unknown)"
META_KERNEL="$(uname -r 2>/dev/null || echo unknown)"
META_CPU="$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo 2>/dev/null | head -1)"
META_CPU="${META_CPU:-unknown} x $(nproc 2>/dev/null || echo '?')"
META_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"
{
    echo "# commit: $META_COMMIT"
    echo "# kernel: $META_KERNEL"
    echo "# cpu: $META_CPU"
    echo "# date: $META_DATE"
    echo "config,library,round,value,unit,cpu_s,messages,status,kind,transport,size,placement,security,wall_s,other_cpu_s,kernel_bufs,cpu_s_per_mmsg,p99_us,rss_kib,detail"
} >"$CSV"
: >"$LOG"

if [ "$SMOKE" = 1 ]; then CONFIGS="$(smoke_configs)"; else CONFIGS="$(full_configs)"; fi
if [ -n "$FILTER" ]; then
    CONFIGS="$(echo "$CONFIGS" | while read -r k t s p n x; do
        echo "$k-$t-$s-$p${x:+-$x}" | grep -Eq -- "$FILTER" && echo "$k $t $s $p $n $x"; done || true)"
fi
[ -n "$CONFIGS" ] || { echo "bench.sh: no configuration matches BENCH_FILTER='$FILTER'" >&2; exit 2; }
NCONF="$(echo "$CONFIGS" | wc -l)"

echo "bench: commit $META_COMMIT, kernel $META_KERNEL, cpu $META_CPU, $META_DATE"
echo "bench: $( [ "$SMOKE" = 1 ] && echo smoke || echo full ) run, $NCONF configurations x $ROUNDS rounds x [$LIBS], scale $SCALE"
echo "bench: ours   = $OURS_LIBDIR$( [ "$ONLY_SYSTEM" = 1 ] && echo ' (not run: --only-system)')"
echo "bench: libzmq = $SYS_REAL"
[ "$SMOKE" = 1 ] || echo "bench: results -> $CSV"

NFAIL=0; NLOST_SYS=0; NRUN=0; NBUSY=0; NDISTURBED=0
START_TS=$(date +%s)
ci=0
while read -r kind tr size pl count x; do
    ci=$((ci + 1))
    n="$(awk -v c="$count" -v s="$SCALE" 'BEGIN { n = int(c * s + 0.5); if (n < 2) n = 2; print n }')"
    # the idle ROUTER's connection count is the configuration, not a count
    [ "$kind" = scale-idle ] && n="$count"
    id="$kind-$tr-$size-$pl${x:+-$x}"
    sec=null; [ "$x" = curve ] && sec=curve
    case "$kind" in
        thr|scale-pub|scale-router) unit="msg/s" ;;
        scale-idle) unit="KiB/conn" ;;
        *) unit="us" ;;
    esac
    # 64 KiB over tcp and ipc: the plain write/read loop is a third
    # "library" of the configuration (the physical floor)
    cfg_libs="$LIBS"
    if [ "$kind" = thr ] && [ "$size" = 65536 ] && [ "$sec" = null ] && [ "$tr" != inproc ]; then
        cfg_libs="$LIBS floor"
    fi
    line="[$ci/$NCONF] $id n=$n:"
    if [ "$SMOKE" = 0 ]; then
        wait_idle
        if [ "$BUSY" -gt "$IDLE_MAX" ]; then
            NBUSY=$((NBUSY + 1))
            line="[$ci/$NCONF] $id n=$n (machine busy: ${BUSY}% CPU used by others, numbers unreliable):"
        fi
    fi
    ours_failed=0
    for round in $(seq 1 "$ROUNDS"); do
        for lib in $cfg_libs; do
            if [ "$lib" = ours ] && [ "$ours_failed" = 1 ]; then
                R_STATUS=failed; R_VALUE=""; R_CPU=""; R_MSGS="$n"
                R_DETAIL="skipped: ferromq already failed on this configuration"
                R_WALL=""; R_OTHER=""; R_DISTURBED=0; R_BUFS=""; R_P99=""; R_RSS=""
            else
                # a run during which other processes used the CPUs is
                # repeated (after waiting for the machine to be idle)
                try=0
                while :; do
                    try=$((try + 1))
                    measured_run "$kind" "$tr" "$size" "$n" "$pl" "$lib" "$x"
                    NRUN=$((NRUN + 1))
                    [ "$SMOKE" = 0 ] && [ "$R_DISTURBED" = 1 ] && [ "$try" -le "$RETRY_DISTURBED" ] || break
                    echo "  .. $lib $id round $round: other processes used ${R_OTHER}s of CPU during the run" >&2
                    wait_idle
                    # repeating is pointless while the machine stays busy
                    [ "$BUSY" -le "$IDLE_MAX" ] || break
                    echo "  .. repeating it" >&2
                done
                if [ "$SMOKE" = 0 ] && [ "$R_DISTURBED" = 1 ]; then
                    NDISTURBED=$((NDISTURBED + 1))
                    R_DETAIL="${R_DETAIL:+$R_DETAIL; }disturbed: other processes used ${R_OTHER} CPU s"
                fi
            fi
            detail="$(printf '%s' "$R_DETAIL" | tr ',\n' '; ' | tr -d '"')"
            # CPU seconds (both processes) per million messages delivered
            cpum=""
            if [ "$unit" = msg/s ] && [ -n "$R_CPU" ] && [ -n "$R_MSGS" ] && [ "$R_MSGS" -gt 0 ] 2>/dev/null; then
                cpum="$(awk -v c="$R_CPU" -v m="$R_MSGS" 'BEGIN { printf "%.4f", c / m * 1e6 }')"
            fi
            echo "$id,$lib,$round,$R_VALUE,$unit,$R_CPU,$R_MSGS,$R_STATUS,$kind,$tr,$size,$pl,$sec,$R_WALL,$R_OTHER,$R_BUFS,$cpum,$R_P99,$R_RSS,$detail" >>"$CSV"
            if [ "$R_STATUS" != ok ] && [ "$lib$R_STATUS" != libzmqlost ]; then
                show_output
            fi
            case "$R_STATUS" in
                ok) line="$line $lib=$R_VALUE" ;;
                lost)
                    if [ "$lib" = libzmq ]; then
                        NLOST_SYS=$((NLOST_SYS + 1))
                        line="$line $lib=LOST"
                        if [ "$kind" = thr ] && [ "$tr" = ipc ]; then
                            echo "  !! libzmq $id round $round: $R_DETAIL (known libzmq defect, see perf/README.md)" >&2
                        else
                            echo "  !! libzmq $id round $round: $R_DETAIL (a libzmq loss: reported, not failing the bench)" >&2
                        fi
                    else
                        NFAIL=$((NFAIL + 1)); [ "$lib" = ours ] && ours_failed=1
                        line="$line $lib=LOST"
                        echo "  !! FAILED: ferromq $id round $round: $R_DETAIL" >&2
                    fi ;;
                *)
                    if [ "$R_DETAIL" = "${R_DETAIL#skipped:}" ]; then
                        NFAIL=$((NFAIL + 1))
                        echo "  !! FAILED: $( [ "$lib" = floor ] && echo 'floor (plain sockets)' || echo "$lib") $id round $round: $R_DETAIL" >&2
                    fi
                    [ "$lib" = ours ] && ours_failed=1
                    line="$line $lib=FAILED" ;;
            esac
        done
    done
    echo "$line"
done <<<"$CONFIGS"
ELAPSED=$(( $(date +%s) - START_TS ))

# ---------------------------------------------------------------- reporting
PY=""
pick_python() {
    local c
    for c in /usr/bin/python3 python3; do
        if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import matplotlib' >/dev/null 2>&1; then PY="$c"; return 0; fi
    done
    return 1
}
if [ "$SMOKE" = 0 ] && ! pick_python; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "bench: installing python3-matplotlib for the plot (apt-get)"
        if [ -x "$ROOT/tools/install-deps.sh" ]; then
            "$ROOT/tools/install-deps.sh" python3-matplotlib >/dev/null 2>&1 || true
        else
            (export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq python3-matplotlib) >/dev/null 2>&1 || true
        fi
    fi
    pick_python || true
fi
if [ -z "$PY" ]; then
    for c in /usr/bin/python3 python3; do
        if command -v "$c" >/dev/null 2>&1; then PY="$c"; break; fi
    done
fi

echo
if [ -n "$PY" ]; then
    if [ "$SMOKE" = 1 ]; then
        echo "(smoke run: tiny counts, unpinned; these numbers are not benchmarks)"
        "$PY" "$ROOT/perf/plot.py" --table "$CSV" || NFAIL=$((NFAIL + 1))
    else
        cp -f "$CSV" "$RESULTS/latest.csv"
        "$PY" "$ROOT/perf/plot.py" --table "$CSV" >"$RESULTS/bench-$STAMP.txt" || NFAIL=$((NFAIL + 1))
        cat "$RESULTS/bench-$STAMP.txt"
        cp -f "$RESULTS/bench-$STAMP.txt" "$RESULTS/latest.txt"
        if "$PY" -c 'import matplotlib' >/dev/null 2>&1; then
            if "$PY" "$ROOT/perf/plot.py" --png "$RESULTS/latest.png" "$CSV"; then
                echo "bench: plot -> $RESULTS/latest.png"
            else
                echo "bench: WARNING: the plot could not be drawn" >&2
            fi
        else
            echo "bench: WARNING: matplotlib is not available (apt-get install python3-matplotlib); no plot" >&2
        fi
        echo "bench: csv  -> $CSV (and latest.csv); run log -> $LOG"
    fi
else
    echo "bench: WARNING: no python3; raw results only:" >&2
    cat "$CSV"
fi

echo "bench: $NRUN runs in ${ELAPSED}s; failures: $NFAIL; libzmq tail losses (tolerated): $NLOST_SYS"
if [ "$NDISTURBED" -gt 0 ]; then
    echo "bench: WARNING: $NDISTURBED runs were disturbed by other processes using the CPUs" \
         "(repeated up to $RETRY_DISTURBED times when the machine became idle again;" \
         "marked ! in the table)" >&2
fi
if [ "$NBUSY" -gt 0 ]; then
    echo "bench: WARNING: $NBUSY configurations started while other processes kept the CPUs busy" \
         "(> ${IDLE_MAX}% after waiting): their numbers are not reliable" >&2
fi
if [ "$NFAIL" -gt 0 ]; then
    echo "bench: FAILED ($NFAIL failed runs)" >&2
    exit 1
fi
[ "$SMOKE" = 1 ] && echo "bench: smoke passed"
exit 0
