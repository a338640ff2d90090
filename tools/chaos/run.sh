#!/usr/bin/env bash
# make chaos: network faults between two hosts, on our libzmq.so.5 and on the
# system libzmq, in one run, compared (README.md, "Chaos and soak").
#
# usage: tools/chaos/run.sh [--libs "ours system"] [--keep] [--short]
#
# Hosts: three network namespaces built for the run, <p>-a (the connecting
# peers, 10.77.0.1/24), <p>-b (the binding peers, 10.77.0.2/24) and <p>-r in
# between, linked by two veth pairs; in <p>-r, tools/chaos/netem.c bridges the
# two veths and impairs what crosses (the kernel here has no sch_netem; netem.c
# does delay/jitter, loss, reordering and partitions in userspace). Everything
# is removed at exit, whatever happens (trap).
#
# Patterns, one process per side, started with `ip netns exec`, over tcp:
#   PUSH(a) -> PULL(b), PUB(b) -> SUB(a), REQ(a, lazy pirate with REQ_RELAXED +
#   REQ_CORRELATE) -> REP(b), DEALER(a) -> ROUTER(b, echoes back)
# Timeline (s from the start of traffic; each library gets the same):
#    0  clean       5  delay 50±10 ms   20  loss 5% (delay 10 ms)
#   35  reorder 25% (delay 20±5 ms)     50  clean
#   55  partition: everything dropped for 12 s (TCP connections survive)
#   67  healed                          82  partition that kills connections:
#       every TCP segment answered with resets for 8 s
#   90  healed                         105  senders stop, drain, receivers stop
# --short halves every phase (for trying the harness out).
#
# Checks (tools/chaos/report.py prints the table): sequence numbers in every
# message (no duplicate, no reordering, no corruption, no loss where the pattern
# promises delivery: PUSH/PULL, DEALER/ROUTER and REQ/REP outside the window of
# the connection-killing partition; PUB/SUB may drop), reconnect after the
# kill (monitor CONNECTED), traffic resuming after each partition, RSS of every
# process (sampled each second), no crash, no hang at the end.
# Exit: 0 pass; 1 ours loses/duplicates/reorders where libzmq does not, or a
# process crashed or hung; 2 the harness could not run.
#
# env: FERROMQ_LIBDIR [build/lib], CHAOS_RATE messages/s per sender [200],
#      CHAOS_RSS_LIMIT_MB [256]
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 2

LIBS="ours system" KEEP=0 SHORT=0
while [ $# -gt 0 ]; do
  case "$1" in
    --libs) LIBS="${2:?--libs LIST}"; shift ;;
    --keep) KEEP=1 ;;
    --short) SHORT=1 ;;
    -h|--help) sed -n '2,/^set -u/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "chaos: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

[ "$(id -u)" = 0 ] || { echo "chaos: needs root (network namespaces, AF_PACKET)"; exit 2; }
for t in ip ethtool timeout; do
  command -v "$t" >/dev/null || { echo "chaos: '$t' not found (apt-get install iproute2 ethtool)"; exit 2; }
done
PY=/usr/bin/python3
[ -x "$PY" ] || PY="$(command -v python3)"

LIBDIR="${FERROMQ_LIBDIR:-$ROOT/build/lib}"
RATE="${CHAOS_RATE:-200}"
SYSLIB="$(readlink -f /usr/lib/x86_64-linux-gnu/libzmq.so.5 2>/dev/null || true)"
[ -n "$SYSLIB" ] && [ -e "$SYSLIB" ] || SYSLIB="$(/sbin/ldconfig -p | awk '$1 == "libzmq.so.5" {print $NF; exit}' | xargs -r readlink -f)"
OURLIB="$(readlink -f "$LIBDIR/libzmq.so.5" 2>/dev/null || true)"
case " $LIBS " in *" ours "*) [ -e "$OURLIB" ] || { echo "chaos: $LIBDIR/libzmq.so.5 not found: run 'make lib'"; exit 2; } ;; esac
case " $LIBS " in *" system "*) [ -e "$SYSLIB" ] || { echo "chaos: no system libzmq.so.5 (apt-get install libzmq5)"; exit 2; } ;; esac

WORK="$(mktemp -d /tmp/fmq-chaos.XXXXXX)" || exit 2
P="fc$$"                       # namespace / interface prefix, unique per run
NS_A="$P-a" NS_B="$P-b" NS_R="$P-r"
ADDR_A=10.77.0.1 ADDR_B=10.77.0.2
TPIDS=()                        # `timeout` wrappers of every process started
NETEM_PID=""
RESULT=2

cleanup() {
  local p
  for p in "${TPIDS[@]}" $NETEM_PID; do kill -TERM "$p" 2>/dev/null; done
  sleep 0.3
  for p in "${TPIDS[@]}" $NETEM_PID; do kill -KILL "$p" 2>/dev/null; done
  wait 2>/dev/null
  for n in "$NS_A" "$NS_B" "$NS_R"; do ip netns del "$n" 2>/dev/null; done
  if [ "$KEEP" = 1 ] || [ "$RESULT" != 0 ]; then echo "chaos: logs kept in $WORK"
  else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'echo "chaos: interrupted"; exit 130' INT TERM

# ---- build ------------------------------------------------------------------------------
CC="${CC:-cc}"
if [ -e include/zmq.h ]; then INC=(-I include); else INC=(-I/usr/include); fi
LFLAGS=(); [ -e "$LIBDIR/libzmq.so" ] && LFLAGS=(-L "$LIBDIR")
"$CC" -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra tools/chaos/netem.c -o "$WORK/netem" >"$WORK/build.log" 2>&1 &&
"$CC" -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra "${INC[@]}" tools/chaos/peer.c -o "$WORK/peer" \
  "${LFLAGS[@]}" -lzmq >>"$WORK/build.log" 2>&1 || { echo "chaos: build failed:"; cat "$WORK/build.log"; exit 2; }

# ---- hosts ------------------------------------------------------------------------------
netns() { local n="$1"; shift; ip netns exec "$n" "$@"; }
setup_net() {
  local n d
  for n in "$NS_A" "$NS_B" "$NS_R"; do
    ip netns add "$n" || return 1
    netns "$n" ip link set lo up
    netns "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  done
  ip link add "${P}a" netns "$NS_A" type veth peer name "${P}ra" netns "$NS_R" || return 1
  ip link add "${P}b" netns "$NS_B" type veth peer name "${P}rb" netns "$NS_R" || return 1
  netns "$NS_A" ip addr add "$ADDR_A/24" dev "${P}a"
  netns "$NS_B" ip addr add "$ADDR_B/24" dev "${P}b"
  # frames cross netem.c as they are: no segmentation/aggregation/checksum offload
  for d in "$NS_A:${P}a" "$NS_B:${P}b" "$NS_R:${P}ra" "$NS_R:${P}rb"; do
    netns "${d%%:*}" ethtool -K "${d#*:}" tso off gso off gro off tx off rx off >/dev/null 2>&1 ||
      netns "${d%%:*}" ethtool -K "${d#*:}" tso off gso off gro off tx off >/dev/null 2>&1 || return 1
    netns "${d%%:*}" ip link set "${d#*:}" up || return 1
  done
}
setup_net || { echo "chaos: could not build the namespaces"; exit 2; }
echo "chaos: hosts $NS_A ($ADDR_A) <-> $NS_R (netem.c) <-> $NS_B ($ADDR_B)"
echo "chaos: system libzmq: $SYSLIB"
echo "chaos: our libzmq:    $OURLIB"

now_ms() { date +%s%3N; }

# start_peer DIR NS NAME ROLE ENDPOINT LIB [RATE] -> the peer's pid in PEER_PID[NAME]
declare -A PEER_PID TPID
start_peer() {
  local dir="$1" ns="$2" name="$3" role="$4" ep="$5" lib="$6" rate="${7:-$RATE}" envs i
  if [ "$lib" = ours ]; then envs=(env LD_LIBRARY_PATH="$LIBDIR"); else envs=(env -u LD_LIBRARY_PATH); fi
  ip netns exec "$ns" timeout -k 5 "$PEER_TIMEOUT" "${envs[@]}" "$WORK/peer" "$role" "$ep" "$rate" \
    >"$dir/$name.log" 2>&1 </dev/null &
  TPID[$name]=$!
  TPIDS+=($!)
  for i in $(seq 50); do
    PEER_PID[$name]="$(awk '$1 == "pid" {print $2; exit}' "$dir/$name.log")"
    [ -n "${PEER_PID[$name]}" ] && return 0
    sleep 0.1
  done
  echo "chaos: $name did not start: $(tail -n 3 "$dir/$name.log" | tr '\n' ' ')"
  return 1
}

# stop_peers DIR SECS NAME...: SIGUSR1, then wait up to SECS for each to exit;
# one still running is a hang: its threads' stacks go to DIR/NAME.hang, then SIGKILL
stop_peers() {
  local dir="$1" secs="$2" n deadline rc; shift 2
  for n in "$@"; do kill -USR1 "${PEER_PID[$n]}" 2>/dev/null; done
  deadline=$((SECONDS + secs))
  for n in "$@"; do
    while kill -0 "${TPID[$n]}" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    if kill -0 "${TPID[$n]}" 2>/dev/null; then
      echo "chaos: $n did not exit ${secs}s after the stop signal: hang (stacks in $dir/$n.hang)"
      { echo "hang: no exit ${secs}s after SIGUSR1"
        timeout 30 gdb -p "${PEER_PID[$n]}" -batch -ex 'thread apply all bt' 2>&1 | grep -v '^\[New LWP' ; } >"$dir/$n.hang" 2>&1
      kill -KILL "${PEER_PID[$n]}" 2>/dev/null
    fi
    wait "${TPID[$n]}"; rc=$?
    echo "$rc" >"$dir/$n.rc"
  done
}

# ---- one run per library ----------------------------------------------------------------
if [ "$SHORT" = 1 ]; then U=0.5; else U=1; fi
dur() { awk -v s="$1" -v u="$U" 'BEGIN { printf "%.1f", s * u }'; }
PEER_TIMEOUT=$(awk -v u="$U" 'BEGIN { printf "%d", 105 * u + 120 }')

run_lib() {
  local lib="$1" dir="$WORK/$lib" base t
  mkdir -p "$dir"
  if [ "$lib" = ours ]; then base=5100; else base=5200; fi
  local ep_pull="tcp://$ADDR_B:$((base + 1))" ep_pub="tcp://$ADDR_B:$((base + 2))"
  local ep_rep="tcp://$ADDR_B:$((base + 3))" ep_router="tcp://$ADDR_B:$((base + 4))"
  echo "$lib $( [ "$lib" = ours ] && echo "$OURLIB" || echo "$SYSLIB")" >"$dir/expect-lib"

  mkfifo "$dir/netem.ctl"
  exec 8<>"$dir/netem.ctl"
  ip netns exec "$NS_R" "$WORK/netem" "${P}ra" "${P}rb" "$$" <&8 >"$dir/netem.out" 2>"$dir/netem.err" &
  NETEM_PID=$!
  sleep 0.3
  grep -q '^ready' "$dir/netem.out" || { echo "chaos: netem.c did not start: $(cat "$dir/netem.err")"; return 2; }
  netem() { echo "$*" >&8; sleep 0.05; }

  start_peer "$dir" "$NS_B" pull pull "$ep_pull" "$lib" || return 2
  start_peer "$dir" "$NS_B" pub pub "$ep_pub" "$lib" || return 2
  start_peer "$dir" "$NS_B" rep rep "$ep_rep" "$lib" || return 2
  start_peer "$dir" "$NS_B" router router "$ep_router" "$lib" || return 2
  start_peer "$dir" "$NS_A" push push "$ep_pull" "$lib" || return 2
  start_peer "$dir" "$NS_A" sub sub "$ep_pub" "$lib" || return 2
  start_peer "$dir" "$NS_A" req req "$ep_rep" "$lib" 100 || return 2
  start_peer "$dir" "$NS_A" dealer dealer "$ep_router" "$lib" || return 2

  : >"$dir/phases"
  phase() { # phase NAME SECS NETEM-SETTINGS...
    local name="$1" secs; secs="$(dur "$2")"; shift 2
    t="$(now_ms)"
    netem set "$@"
    printf '%s %s ' "$name" "$t" >>"$dir/phases"
    printf '  %-9s %5ss  %s\n' "$name" "$secs" "${*:-clean}"
    sleep "$secs"
    echo "$(now_ms)" >>"$dir/phases"
  }
  echo "chaos: [$lib] traffic running (rate $RATE msg/s per sender)"
  phase clean1 5
  phase delay 15 delay=50 jitter=10
  phase loss 15 delay=10 loss=5
  phase reorder 15 delay=20 jitter=5 reorder=25
  phase clean2 5
  phase blackhole 12 mode=drop
  phase recover1 15
  phase kill 8 mode=reset
  phase recover2 15
  netem stats
  echo "chaos: [$lib] stopping senders"
  stop_peers "$dir" 30 push pub req dealer
  sleep 1
  stop_peers "$dir" 15 pull sub rep router
  netem stats
  netem quit
  wait "$NETEM_PID" 2>/dev/null
  NETEM_PID=""
  exec 8>&-
  rm -f "$dir/netem.ctl"
  grep '^stats' "$dir/netem.out" | tail -n 1 | sed "s/^/chaos: [$lib] netem.c /"
}

rc=0
for lib in $LIBS; do
  run_lib "$lib"; r=$?
  [ "$r" -ne 0 ] && { echo "chaos: [$lib] harness failure"; rc=2; break; }
done
if [ "$rc" = 0 ]; then
  "$PY" tools/chaos/report.py "$WORK" $LIBS; rc=$?
fi
RESULT=$rc
exit "$rc"
