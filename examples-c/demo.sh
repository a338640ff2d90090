#!/usr/bin/env bash
# Build the C examples and run each messaging pattern once, briefly.
#
#   examples-c/demo.sh            against OUR library: include/zmq.h and
#                                 build/lib/libzmq.so.5 (run `make lib` first,
#                                 or just `make demo`)
#   examples-c/demo.sh --system   against the installed libzmq, for comparison
#
# Every binder binds tcp://127.0.0.1:* (a free port) and prints the endpoint
# it got; we hand that to the connecters. Each pattern must finish within
# DEMO_TIMEOUT seconds (default 30). Exits non-zero if any pattern failed.
# Environment: CC (default cc), CFLAGS (default -O2 -Wall -Wextra).
set -u

cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd -P)

MODE=ours
case "${1:-}" in
  "" | --ours) ;;
  --system) MODE=system ;;
  *) echo "usage: $0 [--system]" >&2; exit 2 ;;
esac

CC=${CC:-cc}
CFLAGS=${CFLAGS:--O2 -Wall -Wextra}
TIMEOUT=${DEMO_TIMEOUT:-30}
PROGRAMS="hwserver hwclient wuserver wuclient taskvent taskwork tasksink"

if [ "$MODE" = ours ]; then
  for f in include/zmq.h build/lib/libzmq.so build/lib/libzmq.so.5; do
    [ -e "$f" ] || { echo "demo: $f is missing; run 'make lib' (and 'make header')" >&2; exit 1; }
  done
  OUT=build/examples
  COMPILE="-I include"
  LINK="-L build/lib -lzmq"
  export LD_LIBRARY_PATH="$ROOT/build/lib"
  echo "ferromq demo: the C examples against OUR library ($ROOT/build/lib)"
else
  OUT=build/examples-system
  COMPILE=""        # the installed /usr/include/zmq.h
  LINK="-lzmq"
  unset LD_LIBRARY_PATH
  echo "ferromq demo: the C examples against the SYSTEM libzmq (--system)"
fi

# ---- build -----------------------------------------------------------------
mkdir -p "$OUT"
echo "build: $CC $CFLAGS${COMPILE:+ $COMPILE} examples-c/NAME.c -o $OUT/NAME $LINK"
for p in $PROGRAMS; do
  # shellcheck disable=SC2086
  $CC $CFLAGS $COMPILE "examples-c/$p.c" -o "$OUT/$p" $LINK || {
    echo "demo: failed to compile examples-c/$p.c" >&2; exit 1; }
done

# ---- helpers ---------------------------------------------------------------
LOGDIR=$(mktemp -d "${TMPDIR:-/tmp}/ferromq-demo.XXXXXX")
PIDS=""
cleanup() {
  for pid in $PIDS; do kill "$pid" 2>/dev/null; done
  rm -rf "$LOGDIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

FAILED=""
LOG=""            # the current pattern's log: every program appends to it
DEADLINE=0        # when the current pattern must be done ($SECONDS)

left() { local s=$((DEADLINE - SECONDS)); [ "$s" -gt 0 ] && echo "$s" || echo 1; }

# start PROGRAM ARGS...: run in the background; its pid ends up in $PID
start() {
  "$OUT/$1" "${@:2}" >>"$LOG" 2>&1 &
  PID=$!
  PIDS="$PIDS $PID"
}

# endpoint_of NAME PID: wait for "NAME: bound to ENDPOINT" in the log
endpoint_of() {
  local ep
  while [ "$SECONDS" -lt "$DEADLINE" ]; do
    ep=$(sed -n "s/^$1: bound to \\([^ ,]*\\).*/\\1/p" "$LOG" | head -1)
    [ -n "$ep" ] && { echo "$ep"; return 0; }
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# await PID NAME: wait (until the deadline) for a background program to exit;
# returns its exit status, or 124 if we had to kill it
await() {
  while kill -0 "$1" 2>/dev/null; do
    if [ "$SECONDS" -ge "$DEADLINE" ]; then
      kill "$1" 2>/dev/null; wait "$1" 2>/dev/null
      echo "demo: $2 was still running at the ${TIMEOUT} s deadline; killed it" >>"$LOG"
      return 124
    fi
    sleep 0.05
  done
  wait "$1"
}

# run PROGRAM ARGS...: run in the foreground, killed at the deadline
run() {
  timeout "$(left)" "$OUT/$1" "${@:2}" >>"$LOG" 2>&1
  local rc=$?
  [ "$rc" = 124 ] && echo "demo: $1 was still running at the ${TIMEOUT} s deadline; killed it" >>"$LOG"
  return "$rc"
}

# show_lib NAME PID: which libzmq the running process really mapped
show_lib() {
  local lib
  lib=$(grep -o '/[^ ]*libzmq\.so[^ ]*' "/proc/$2/maps" 2>/dev/null | head -1)
  echo "  libzmq in use: ${lib:-?} (mapped by $1, pid $2)"
  if [ "$MODE" = ours ]; then
    case "$lib" in "$ROOT"/build/lib/*) return 0 ;; esac
  else
    case "$lib" in "" | "$ROOT"/*) ;; *) return 0 ;; esac
  fi
  echo "  ^ that is not the library this run is meant to test" ; return 1
}

begin() {
  echo
  echo "== $1 =="
  LOG="$LOGDIR/$2.log"; : >"$LOG"
  DEADLINE=$((SECONDS + TIMEOUT))
}

# finish NAME OK SUMMARY: print the programs' output, then the verdict
finish() {
  sed 's/^/  | /' "$LOG"
  if [ "$2" = 0 ]; then
    echo "$1: $3"
  else
    echo "$1: FAILED: $3"
    FAILED="$FAILED $1"
  fi
  for pid in $PIDS; do kill "$pid" 2>/dev/null; done
  PIDS=""
}

# ---- REQ/REP ---------------------------------------------------------------
req_rep() {
  local n=5 ep ok=0 server
  begin "REQ/REP: hwclient sends Hello, hwserver answers World" reqrep
  start hwserver 'tcp://127.0.0.1:*' "$n"; server=$PID
  if ep=$(endpoint_of hwserver "$server"); then
    show_lib hwserver "$server" || ok=1
    run hwclient "$ep" "$n" || ok=1
    await "$server" hwserver || ok=1
  else
    ok=1
  fi
  local got
  got=$(sed -n 's/^hwclient: sent \([0-9]*\) x Hello, got \([0-9]*\) x World$/\1 × Hello, got \2 × World/p' "$LOG")
  finish "REQ/REP" "$ok" "client sent ${got:-nothing}"
}

# ---- PUB/SUB ---------------------------------------------------------------
pub_sub() {
  local n=20 zip=10001 ep ok=0 server
  begin "PUB/SUB: wuserver publishes weather, wuclient filters one zipcode" pubsub
  start wuserver 'tcp://127.0.0.1:*' 10000000; server=$PID
  if ep=$(endpoint_of wuserver "$server"); then
    show_lib wuserver "$server" || ok=1
    run wuclient "$ep" "$n" "$zip" || ok=1
    kill -TERM "$server" 2>/dev/null   # a publisher runs until told to stop
    await "$server" wuserver || ok=1
  else
    ok=1
  fi
  local published got
  published=$(sed -n 's/^wuserver: .* after publishing \([0-9]*\) updates$/\1/p' "$LOG")
  got=$(sed -n 's/^wuclient: received \([0-9]*\) updates, \([0-9]*\) starting with "[0-9]*"; average temperature \(.*\)$/got \1, all \2 start with '"$zip"', average \3/p' "$LOG")
  finish "PUB/SUB" "$ok" "server published ${published:-?} updates for 100 zipcodes; client subscribed with filter $zip, ${got:-got nothing}"
}

# ---- PUSH/PULL -------------------------------------------------------------
push_pull() {
  local n=100 sink_ep vent_ep ok=0 sink vent a b
  begin "PUSH/PULL: taskvent -> taskwork A, B -> tasksink" pushpull
  start tasksink 'tcp://127.0.0.1:*'; sink=$PID
  if sink_ep=$(endpoint_of tasksink "$sink") &&
     start taskvent 'tcp://127.0.0.1:*' "$sink_ep" "$n" 2 && vent=$PID &&
     vent_ep=$(endpoint_of taskvent "$vent"); then
    show_lib tasksink "$sink" || ok=1
    start taskwork "$vent_ep" "$sink_ep" A; a=$PID
    start taskwork "$vent_ep" "$sink_ep" B; b=$PID
    await "$sink" tasksink || ok=1
    await "$vent" taskvent || ok=1
    await "$a" "taskwork A" || ok=1
    await "$b" "taskwork B" || ok=1
  else
    ok=1
  fi
  local got workers summary
  got=$(sed -n 's/^tasksink: got \([0-9]*\) results in \([0-9]*\) ms$/sink got \1 in \2 ms/p' "$LOG")
  workers=$(sed -n 's/^tasksink:   worker \(.*\) did \([0-9]*\)$/worker \1 did \2,/p' "$LOG" | sort | tr '\n' ' ')
  summary="$n tasks, ${workers}${got:-sink got nothing}"
  # Both workers must have had a share, or PUSH did not deal the tasks.
  for w in A B; do
    grep -q "^tasksink:   worker $w did [1-9]" "$LOG" || { ok=1; summary="$summary; worker $w did none"; }
  done
  finish "PUSH/PULL" "$ok" "$summary"
}

req_rep
pub_sub
push_pull

echo
if [ -n "$FAILED" ]; then
  echo "demo: FAILED:$FAILED ($MODE library)"
  exit 1
fi
echo "demo: all 3 patterns completed ($MODE library)"
