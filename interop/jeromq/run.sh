#!/usr/bin/env bash
# JeroMQ interop (part of the interop ring, interop/run.sh phase 5): the real
# JeroMQ 0.3.6 (Debian's libjeromq-java, which speaks ZMTP 2.0 only) against
# a C peer on our libzmq.so.5 and on the system libzmq 4.3, over tcp.
#
# usage: interop/jeromq/run.sh [--system-only | --ours-only] [--count N] [--jobs N] [--keep]
#
#   Installs libjeromq-java and default-jdk-headless with apt-get when they
#   are missing (quiet, idempotent); skips, saying so, only when apt-get is
#   not there at all. Compiles JPeer.java (javac) and cpeer.c into
#   build/jeromq/, then runs every socket pair JeroMQ 0.3.6 and libzmq both
#   have: REQ-REP, DEALER-ROUTER, PUB-SUB, XPUB-XSUB, PUSH-PULL, PAIR
#   x {JeroMQ plays A, JeroMQ plays B} x {A binds, B binds}
#   x {C peer on ours, C peer on the system libzmq}.
#   A = req/dealer/pub/xpub/push/pair-a. Messages: see cpeer.c.
#
#   --system-only / --ours-only   only that library for the C peer
#   --count N    messages per case [30]
#   --jobs N     cases in parallel [2]
#   --keep       keep the scratch dir
#
# env: FERROMQ_LIBDIR [build/lib], PEER_TIMEOUT_MS [10000], INTEROP_CASE_TIMEOUT (s) [60].
# Exit: 0 all passed (or skipped: no apt-get), 1 a case failed, 2 cannot run.
# Last line: "jeromq: N passed, N failed" (", skipped" when skipped).
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 2

LIBS="ours system" COUNT=30 JOBS=2 KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --system-only) LIBS="system" ;;
    --ours-only) LIBS="ours" ;;
    --count) COUNT="${2:?--count N}"; shift ;;
    --jobs) JOBS="${2:?--jobs N}"; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,/^set -u/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "jeromq: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$COUNT$JOBS" in *[!0-9]*) echo "jeromq: --count/--jobs take numbers" >&2; exit 2 ;; esac
export PEER_TIMEOUT_MS="${PEER_TIMEOUT_MS:-10000}"
CASE_TIMEOUT="${INTEROP_CASE_TIMEOUT:-60}"
LIBDIR="${FERROMQ_LIBDIR:-$ROOT/build/lib}"

# ---- 1. JeroMQ and a JDK -----------------------------------------------------------------
JAR=/usr/share/java/jeromq.jar
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
if [ ! -e "$JAR" ] || ! command -v javac >/dev/null 2>&1 || ! have_pkg libjeromq-java; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "jeromq: SKIPPED: libjeromq-java/javac missing and apt-get is unavailable to install them"
    echo "jeromq: 0 passed, 0 failed, skipped"
    exit 0
  fi
  echo "jeromq: installing libjeromq-java default-jdk-headless (apt-get)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null 2>&1
  if ! $SUDO apt-get install -y -qq libjeromq-java default-jdk-headless >/dev/null 2>&1 \
     || [ ! -e "$JAR" ] || ! command -v javac >/dev/null 2>&1; then
    echo "jeromq: apt-get install libjeromq-java default-jdk-headless failed"
    echo "jeromq: 0 passed, 1 failed"; exit 2
  fi
fi
JVER="$(dpkg-query -W -f='${Version}' libjeromq-java 2>/dev/null)"

syslib() {
  local d
  for d in /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
    [ -e "$d/libzmq.so.5" ] && { readlink -f "$d/libzmq.so.5"; return; }
  done
}
SYSLIB="$(syslib)"
OURLIB=""
[ -e "$LIBDIR/libzmq.so.5" ] && OURLIB="$(readlink -f "$LIBDIR/libzmq.so.5")"
for l in $LIBS; do
  if [ "$l" = ours ] && [ -z "$OURLIB" ]; then
    echo "jeromq: $LIBDIR/libzmq.so.5 not found: run 'make lib'"; echo "jeromq: 0 passed, 1 failed"; exit 2
  fi
  if [ "$l" = system ] && [ -z "$SYSLIB" ]; then
    echo "jeromq: no system libzmq.so.5"; echo "jeromq: 0 passed, 1 failed"; exit 2
  fi
done

# ---- 2. compile both peers into build/jeromq ---------------------------------------------
OUT="$ROOT/build/jeromq"
mkdir -p "$OUT"
if ! timeout 300 javac -d "$OUT" -cp "$JAR" interop/jeromq/JPeer.java >"$OUT/javac.log" 2>&1; then
  echo "jeromq: javac failed:"; sed 's/^/  /' "$OUT/javac.log" | head -20
  echo "jeromq: 0 passed, 1 failed"; exit 2
fi
if [ -e include/zmq.h ]; then CI=(-I include); else CI=(-I/usr/include); fi
if [ -e "$LIBDIR/libzmq.so" ]; then CL=(-L "$LIBDIR"); else CL=(); fi
if ! timeout 120 "${CC:-cc}" -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra "${CI[@]}" interop/jeromq/cpeer.c \
     -o "$OUT/cpeer" "${CL[@]}" -lzmq >"$OUT/cc.log" 2>&1; then
  echo "jeromq: compiling cpeer.c failed:"; sed 's/^/  /' "$OUT/cc.log" | head -20
  echo "jeromq: 0 passed, 1 failed"; exit 2
fi
echo "jeromq: JeroMQ $JVER ($JAR), $(javac -version 2>&1)"
[ -n "$SYSLIB" ] && echo "jeromq: system libzmq: $SYSLIB"
[ -n "$OURLIB" ] && echo "jeromq: our libzmq:    $OURLIB"

WORK="$(mktemp -d /tmp/fmq-jeromq.XXXXXX)" || exit 2
mkdir -p "$WORK/res" "$WORK/log"
FAILED_ANY=0
cleanup() {
  for p in $(jobs -p); do kill -TERM "$p" 2>/dev/null; done
  wait 2>/dev/null
  if [ "$KEEP" = 1 ] || [ "$FAILED_ANY" = 1 ]; then echo "jeromq: logs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'echo "jeromq: interrupted"; FAILED_ANY=1; exit 130' INT TERM

# start IMPL(java|ours|system) OUT ARGS... -> SPID. A binding JeroMQ peer
# takes a port from the case's own range (PORT_MIN..PORT_MAX, below the
# kernel's ephemeral range): a port is never reused by a later case.
start() {
  local impl="$1" out="$2"; shift 2
  : >"$out"
  case "$impl" in
    java) timeout -k 5 "$CASE_TIMEOUT" env JPEER_PORT_MIN="$PORT_MIN" JPEER_PORT_MAX="$PORT_MAX" \
            java -cp "$JAR:$OUT" JPeer "$@" >"$out" 2>&1 </dev/null & ;;
    ours) timeout -k 5 "$CASE_TIMEOUT" env LD_LIBRARY_PATH="$LIBDIR" "$OUT/cpeer" "$@" >"$out" 2>&1 </dev/null & ;;
    system) timeout -k 5 "$CASE_TIMEOUT" env -u LD_LIBRARY_PATH "$OUT/cpeer" "$@" >"$out" 2>&1 </dev/null & ;;
  esac
  SPID=$!
}

# check IMPL OUT RC -> "" or the reason
check() {
  local impl="$1" out="$2" rc="$3" want got
  if [ "$impl" != java ]; then
    if [ "$impl" = ours ]; then want="$OURLIB"; else want="$SYSLIB"; fi
    got="$(awk '$1 == "libzmq" {print $2; exit}' "$out")"
    [ -n "$got" ] || { echo "no libzmq line (rc=$rc): $(tail -n 2 "$out" | tr '\n' ' ')"; return; }
    [ "$(readlink -f "$got")" = "$want" ] || { echo "mapped $got, expected $want"; return; }
  fi
  { [ "$rc" = 124 ] || [ "$rc" = 137 ]; } && { echo "killed by timeout ${CASE_TIMEOUT}s"; return; }
  [ "$rc" = 0 ] || { echo "rc=$rc: $(grep -m1 '^result' "$out" || tail -n 1 "$out")"; return; }
  grep -q '^result OK' "$out" || echo "no 'result OK' line"
}

roles() {
  case "$1" in
    reqrep) echo "req rep" ;; dealerrouter) echo "dealer router" ;; pubsub) echo "pub sub" ;;
    xpubxsub) echo "xpub xsub" ;; pushpull) echo "push pull" ;; pair) echo "pair-a pair-b" ;;
  esac
}

# one_case ID PATTERN JAVA_PLAYS(A|B) BINDER(A|B) LIB INDEX
one_case() {
  local id="$1" pattern="$2" jside="$3" binder="$4" lib="$5"
  local PORT_MIN=$((JPORT_BASE + 20 * $6)) PORT_MAX=$((JPORT_BASE + 20 * $6 + 19))
  local ra rb impl_a impl_b bind_role conn_role bind_impl conn_impl
  set -- $(roles "$pattern"); ra=$1 rb=$2
  if [ "$jside" = A ]; then impl_a=java impl_b=$lib; else impl_a=$lib impl_b=java; fi
  if [ "$binder" = A ]; then bind_role=$ra bind_impl=$impl_a conn_role=$rb conn_impl=$impl_b
  else bind_role=$rb bind_impl=$impl_b conn_role=$ra conn_impl=$impl_a; fi
  local stop="$WORK/$id.stop" extra_b=() extra_c=()
  case "$bind_role" in pub|sub) extra_b=("$stop") ;; esac
  case "$conn_role" in pub|sub) extra_c=("$stop") ;; esac
  local bout="$WORK/log/$id.bind.out" cout="$WORK/log/$id.connect.out" bpid cpid ep="" why=""
  start "$bind_impl" "$bout" "$bind_role" bind 'tcp://127.0.0.1:*' "$COUNT" "${extra_b[@]}"; bpid=$SPID
  local deadline=$((SECONDS + PEER_TIMEOUT_MS / 1000 + 10))
  while [ $SECONDS -le $deadline ]; do
    ep="$(awk '$1 == "endpoint" {print $2; exit}' "$bout")"
    [ -n "$ep" ] && break
    kill -0 "$bpid" 2>/dev/null || break
    sleep 0.05
  done
  if [ -z "$ep" ]; then
    kill -TERM "$bpid" 2>/dev/null; wait "$bpid"
    echo "FAIL $bind_role($bind_impl,bind): no endpoint: $(tail -n 2 "$bout" | tr '\n' ' ')" >"$WORK/res/$id"
    return
  fi
  start "$conn_impl" "$cout" "$conn_role" connect "$ep" "$COUNT" "${extra_c[@]}"; cpid=$SPID
  # SUB done: tell PUB to stop.
  local subpid="" pubpid="" brc crc
  if [ "$bind_role" = sub ]; then subpid=$bpid pubpid=$cpid; elif [ "$conn_role" = sub ]; then subpid=$cpid pubpid=$bpid; fi
  if [ -n "$subpid" ]; then
    wait "$subpid"; local src=$?
    touch "$stop"
    wait "$pubpid"; local prc=$?
    if [ "$subpid" = "$bpid" ]; then brc=$src crc=$prc; else brc=$prc crc=$src; fi
  else
    wait "$bpid"; brc=$?
    wait "$cpid"; crc=$?
  fi
  local wb wc
  wb="$(check "$bind_impl" "$bout" "$brc")"
  wc="$(check "$conn_impl" "$cout" "$crc")"
  [ -n "$wb" ] && why="$bind_role($bind_impl,bind): $wb"
  [ -n "$wc" ] && why="${why:+$why; }$conn_role($conn_impl,connect): $wc"
  if [ -z "$why" ]; then echo PASS >"$WORK/res/$id"; else echo "FAIL $why" >"$WORK/res/$id"; fi
}

PATTERNS="reqrep dealerrouter pubsub xpubxsub pushpull pair"
# Ports for binding JeroMQ peers: 20 per case from a random base below the
# ephemeral range (so two runs at once rarely meet).
JPORT_BASE=$((20000 + (RANDOM % 200) * 50))
CASES=()
for pattern in $PATTERNS; do
  for jside in A B; do
    for binder in A B; do
      for lib in $LIBS; do
        CASES+=("$pattern-j$jside-bind$binder-$lib $pattern $jside $binder $lib ${#CASES[@]}")
      done
    done
  done
done
echo "jeromq: ${#CASES[@]} cases, count=$COUNT, PEER_TIMEOUT_MS=$PEER_TIMEOUT_MS, $JOBS at a time"
t0=$SECONDS running=0
for c in "${CASES[@]}"; do
  if [ "$running" -ge "$JOBS" ]; then wait -n; running=$((running - 1)); fi
  # shellcheck disable=SC2086
  one_case $c &
  running=$((running + 1))
done
wait

PASSED=0 FAILED=0
echo
printf '%-14s %-14s %-17s' pattern "JeroMQ plays" binds
for lib in $LIBS; do printf '  %-12s' "C on $lib"; done
echo
for pattern in $PATTERNS; do
  set -- $(roles "$pattern"); ra=$1 rb=$2
  for jside in A B; do
    for binder in A B; do
      if [ "$jside" = A ]; then jr=$ra; else jr=$rb; fi
      if [ "$binder" = A ]; then br=$ra; else br=$rb; fi
      if [ "$br" = "$jr" ]; then bw="$br (JeroMQ)"; else bw="$br (C)"; fi
      printf '%-14s %-14s %-17s' "$pattern" "$jr" "$bw"
      for lib in $LIBS; do
        r="$(cat "$WORK/res/$pattern-j$jside-bind$binder-$lib" 2>/dev/null || echo "FAIL no result")"
        if [ "$r" = PASS ]; then PASSED=$((PASSED + 1)); printf '  %-12s' PASS
        else FAILED=$((FAILED + 1)); printf '  %-12s' FAIL; fi
      done
      echo
    done
  done
done
echo "jeromq matrix: $((SECONDS - t0))s"
if grep -l '^FAIL' "$WORK"/res/* >/dev/null 2>&1; then
  echo "failures (logs: $WORK/log/<case>.{bind,connect}.out):"
  for f in "$WORK"/res/*; do
    grep -q '^FAIL' "$f" && printf '  %s: %s\n' "$(basename "$f")" "$(cut -c6- "$f" | cut -c1-400)"
  done
fi
[ "$FAILED" -gt 0 ] && FAILED_ANY=1
echo "jeromq: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
