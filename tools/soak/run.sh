#!/usr/bin/env bash
# make soak: long mixed traffic with peers killed and restarted; the
# long-lived processes must not leak (RSS, fds), die or stall.
#
# usage: tools/soak/run.sh        (settings from the environment)
#
#   SOAK_SECS     how long the killing goes on [600]
#   SOAK_LIB      ours | system: the library every process runs on [ours]
#   SOAK_SAMPLE   seconds between samples of the long-lived processes [5]
#   SOAK_SEED     seed of the kill schedule [the pid]
#   SOAK_RSS_PCT, SOAK_RSS_MIB  allowed RSS growth from the first to the last
#                 quarter: the larger of the two [20, 4]
#   SOAK_FD_TOL   allowed fd difference (the highest count in the last
#                 quarter vs the first, and settled start vs settled end) [2]
#   SOAK_STALL    seconds a long-lived process may go without progress [30]
#   SOAK_CSV      where the samples go [build/soak/soak-<lib>.csv]
#
# Processes (tools/soak/peer.c), all on one library (checked from /proc/<pid>/maps):
#   long-lived  publisher (inproc producer -> PUB on tcp + ipc),
#               broker (ROUTER tcp <-> DEALER ipc, inproc auditor),
#               pipeline (PUSH ventilator on ipc, sink thread PULL on tcp,
#               inproc PAIR between them)
#   short-lived sub0, sub1 (tcp), sub2 (ipc); worker0, worker1 (pipeline);
#               client0, client1 (lazy pirate REQ to the broker);
#               server0, server1 (REP behind the broker)
# Every 1-6 s a random short-lived process gets SIGKILL; it is restarted 0-2 s
# later. The long-lived ones are sampled every SOAK_SAMPLE s (RSS, fds,
# progress counter) into the CSV. At the end the killing stops, every peer is
# running again, and after 10 s the fds are compared with the same settled
# state at the start.
# Fails if: a long-lived process dies or makes no progress for SOAK_STALL s;
# its RSS (median of the last quarter vs the first) or fd count (highest in
# the last quarter vs the first: kills only lower it) grows beyond the tolerance; settled fds differ by more than SOAK_FD_TOL; a short-lived one
# dies without being killed, or sees a duplicate, reordered or corrupt
# message; anything hangs at shutdown.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 2

SECS="${SOAK_SECS:-600}"
LIB="${SOAK_LIB:-ours}"
SAMPLE="${SOAK_SAMPLE:-5}"
SEED="${SOAK_SEED:-$$}"
LIBDIR="${FERROMQ_LIBDIR:-$ROOT/build/lib}"
case "$SECS$SAMPLE" in *[!0-9]*) echo "soak: SOAK_SECS/SOAK_SAMPLE take whole seconds" >&2; exit 2 ;; esac
case "$LIB" in ours|system) ;; *) echo "soak: SOAK_LIB is ours or system" >&2; exit 2 ;; esac
CSV="${SOAK_CSV:-$ROOT/build/soak/soak-$LIB.csv}"
PY=/usr/bin/python3
[ -x "$PY" ] || PY="$(command -v python3)"

SYSLIB="$(readlink -f /usr/lib/x86_64-linux-gnu/libzmq.so.5 2>/dev/null || true)"
[ -n "$SYSLIB" ] && [ -e "$SYSLIB" ] || SYSLIB="$(/sbin/ldconfig -p | awk '$1 == "libzmq.so.5" {print $NF; exit}' | xargs -r readlink -f)"
if [ "$LIB" = ours ]; then
  WANT="$(readlink -f "$LIBDIR/libzmq.so.5" 2>/dev/null || true)"
  [ -e "$WANT" ] || { echo "soak: $LIBDIR/libzmq.so.5 not found: run 'make lib'"; exit 2; }
  ENVS=(env LD_LIBRARY_PATH="$LIBDIR")
else
  WANT="$SYSLIB"
  [ -e "$WANT" ] || { echo "soak: no system libzmq.so.5"; exit 2; }
  ENVS=(env -u LD_LIBRARY_PATH)
fi

WORK="$(mktemp -d /tmp/fmq-soak.XXXXXX)" || exit 2
mkdir -p "$WORK/log" "$(dirname "$CSV")"
RESULT=2
declare -A PID LOGN RESTART_AT
LONG=(publisher broker pipeline)
SHORT=(sub0 sub1 sub2 worker0 worker1 client0 client1 server0 server1)

cleanup() {
  local n
  for n in "${SHORT[@]}" "${LONG[@]}"; do [ -n "${PID[$n]:-}" ] && kill -KILL "${PID[$n]}" 2>/dev/null; done
  wait 2>/dev/null
  if [ "$RESULT" != 0 ]; then echo "soak: logs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'echo "soak: interrupted"; exit 130' INT TERM

CC="${CC:-cc}"
if [ -e include/zmq.h ]; then INC=(-I include); else INC=(-I/usr/include); fi
LFLAGS=(); [ -e "$LIBDIR/libzmq.so" ] && LFLAGS=(-L "$LIBDIR")
"$CC" -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra "${INC[@]}" tools/soak/peer.c -o "$WORK/peer" \
  "${LFLAGS[@]}" -lzmq -lpthread >"$WORK/build.log" 2>&1 || { echo "soak: build failed:"; cat "$WORK/build.log"; exit 2; }

# start NAME ARGS...: runs a peer in the background; its log is log/NAME.<n>.log
start() {
  local name="$1"; shift
  LOGN[$name]=$(( ${LOGN[$name]:-0} + 1 ))
  "${ENVS[@]}" "$WORK/peer" "$@" >"$WORK/log/$name.${LOGN[$name]}.log" 2>&1 </dev/null &
  PID[$name]=$!
}
logof() { echo "$WORK/log/$1.${LOGN[$1]}.log"; }
# wait_line NAME PATTERN: up to 10 s for a line matching ^PATTERN in NAME's log
wait_line() {
  local i
  for i in $(seq 100); do
    grep -q "^$2" "$(logof "$1")" 2>/dev/null && return 0
    kill -0 "${PID[$1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "soak: $1 did not print '$2': $(tail -n 3 "$(logof "$1")" | tr '\n' ' ')"; return 1
}
endpoint() { awk -v n="$2" '$1 == "endpoint" && $2 == n {print $3; exit}' "$(logof "$1")"; }

start_short() {
  case "$1" in
    sub0|sub1) start "$1" sub "$EP_PUB_TCP" ;;
    sub2) start "$1" sub "$EP_PUB_IPC" ;;
    worker*) start "$1" worker "$EP_VENT" "$EP_SINK" ;;
    client*) start "$1" client "$EP_FRONT" ;;
    server*) start "$1" server "$EP_BACK" ;;
  esac
}

# bash reports every SIGKILLed job on stderr: that goes to a file
soak_main() {
start publisher publisher "$WORK" 300
start broker broker "$WORK"
start pipeline pipeline "$WORK" 200
for n in "${LONG[@]}"; do wait_line "$n" progress || exit 2; done
EP_PUB_TCP="$(endpoint publisher pub_tcp)" EP_PUB_IPC="$(endpoint publisher pub_ipc)"
EP_FRONT="$(endpoint broker frontend)" EP_BACK="$(endpoint broker backend)"
EP_VENT="$(endpoint pipeline vent)" EP_SINK="$(endpoint pipeline sink)"
for n in "${LONG[@]}"; do
  got="$(awk '$1 == "libzmq" {print $2; exit}' "$(logof "$n")")"
  [ "$(readlink -f "$got")" = "$WANT" ] || { echo "soak: $n mapped $got, expected $WANT"; exit 2; }
done
for n in "${SHORT[@]}"; do start_short "$n"; done
echo "soak: $LIB library ($WANT), ${SECS}s of kills, samples every ${SAMPLE}s -> $CSV (seed $SEED)"
echo "soak: publisher pid ${PID[publisher]} ($EP_PUB_TCP, $EP_PUB_IPC), broker pid ${PID[broker]} ($EP_FRONT, $EP_BACK), pipeline pid ${PID[pipeline]} ($EP_VENT, $EP_SINK)"

progress_of() { # last progress line's first counter
  tac "$(logof "$1")" 2>/dev/null | awk '$1 == "progress" { split($3, a, "="); print a[2]; exit }'
}
echo "t,proc,pid,rss_kb,fds,progress" >"$CSV"
T0=$SECONDS
sample() { # sample PHASE: one CSV row per long-lived process; also settled rows
  local n rss fds prog t=$((SECONDS - T0))
  for n in "${LONG[@]}"; do
    if ! kill -0 "${PID[$n]}" 2>/dev/null || [ ! -e "/proc/${PID[$n]}/status" ]; then
      echo "$t,$n,${PID[$n]},dead,dead," >>"$CSV"; continue
    fi
    rss="$(awk '/^VmRSS:/ {print $2}' "/proc/${PID[$n]}/status" 2>/dev/null)"
    fds="$(ls "/proc/${PID[$n]}/fd" 2>/dev/null | wc -l)"
    prog="$(progress_of "$n")"
    echo "$t,$n${1:+:$1},${PID[$n]},${rss:-0},$fds,${prog:-0}" >>"$CSV"
  done
}

# settled start: every peer running for 10 s
sleep 10
sample settled_start

RANDOM=$SEED
KILLS=0 CRASHES=0 DEAD=" "
next_kill=$((SECONDS + 1 + RANDOM % 6))
end=$((SECONDS + SECS))
last_sample=$SECONDS
last_report=$SECONDS
: >"$WORK/events"
while [ "$SECONDS" -lt "$end" ]; do
  now=$SECONDS
  for n in "${LONG[@]}"; do
    kill -0 "${PID[$n]}" 2>/dev/null || { echo "soak: long-lived $n (pid ${PID[$n]}) died at t=$((now - T0))s"; echo "died $n $((now - T0))" >>"$WORK/events"; end=0; }
  done
  [ "$end" = 0 ] && break
  for n in "${SHORT[@]}"; do
    if [[ "$DEAD" == *" $n "* ]]; then
      if [ "$now" -ge "${RESTART_AT[$n]}" ]; then
        wait "${PID[$n]}" 2>/dev/null
        start_short "$n"; DEAD="${DEAD/ $n / }"
      fi
    elif ! kill -0 "${PID[$n]}" 2>/dev/null; then
      wait "${PID[$n]}"; rc=$?
      CRASHES=$((CRASHES + 1))
      echo "soak: $n (pid ${PID[$n]}) exited by itself (status $rc) at t=$((now - T0))s: $(tail -n 2 "$(logof "$n")" | tr '\n' ' ')"
      echo "crash $n $rc $(logof "$n")" >>"$WORK/events"
      start_short "$n"
    fi
  done
  if [ "$now" -ge "$next_kill" ]; then
    alive=(); for n in "${SHORT[@]}"; do [[ "$DEAD" == *" $n "* ]] || alive+=("$n"); done
    if [ "${#alive[@]}" -gt 0 ]; then
      v="${alive[RANDOM % ${#alive[@]}]}"
      kill -KILL "${PID[$v]}" 2>/dev/null
      KILLS=$((KILLS + 1))
      RESTART_AT[$v]=$((now + RANDOM % 3))
      DEAD="$DEAD$v "
    fi
    next_kill=$((now + 1 + RANDOM % 6))
  fi
  if [ $((now - last_sample)) -ge "$SAMPLE" ]; then sample; last_sample=$now; fi
  if [ $((now - last_report)) -ge 60 ]; then
    last_report=$now
    echo "soak: t=$((now - T0))s kills=$KILLS $(tail -n 3 "$CSV" | awk -F, '{printf "%s rss=%dK fds=%s p=%s  ", $2, $4, $5, $6}')"
  fi
  sleep 0.5
done
sample
echo "$KILLS $CRASHES" >"$WORK/counts"

# settled end: restart whatever is down, 10 s, sample
for n in "${SHORT[@]}"; do
  if [[ "$DEAD" == *" $n "* ]] || ! kill -0 "${PID[$n]}" 2>/dev/null; then
    wait "${PID[$n]}" 2>/dev/null
    start_short "$n"
  fi
done
DEAD=" "
sleep 10
sample settled_end

# shutdown: short-lived, then long-lived; each must exit 0 within 15 s
stop_all() {
  local n t
  for n in "$@"; do kill -TERM "${PID[$n]}" 2>/dev/null; done
  for n in "$@"; do
    t=$((SECONDS + 15))
    while kill -0 "${PID[$n]}" 2>/dev/null && [ "$SECONDS" -lt "$t" ]; do sleep 0.2; done
    if kill -0 "${PID[$n]}" 2>/dev/null; then
      echo "hang $n" >>"$WORK/events"
      { echo "hang: no exit 15 s after SIGTERM"; timeout 30 gdb -p "${PID[$n]}" -batch -ex 'thread apply all bt' 2>&1; } >"$WORK/log/$n.hang"
      kill -KILL "${PID[$n]}" 2>/dev/null
    fi
    wait "${PID[$n]}"; echo "exit $n $?" >>"$WORK/events"
  done
}
stop_all "${SHORT[@]}"
stop_all "${LONG[@]}"
}
soak_main 2>>"$WORK/bash-jobs.log" || exit $?

"$PY" tools/soak/report.py "$WORK" "$CSV" "$LIB" "$WANT"
RESULT=$?
exit "$RESULT"
