#!/usr/bin/env bash
# Interop: our libzmq.so.5 against
# the real libzmq 4.3 over the wire (ZMTP 3.1 on tcp and ipc, ZWS 2.0 on ws).
#
# usage: interop/run.sh [--system-only] [--ours-ours] [--no-c] [--no-sec] [--no-py]
#                       [--no-jeromq] [--count N] [--jobs N] [--keep]
#
#   1. compiles interop/peer.c once (against include/zmq.h and build/lib when
#      they exist, else /usr/include and the system libzmq);
#   2. C matrix: {REQ-REP, PUB-SUB, PUSH-PULL} x {tcp, ipc, ws} x {which side binds}
#      x {A on ours / B on system, A on system / B on ours}, A = req/pub/push,
#      B = rep/sub/pull. Each case runs two peer processes, one with
#      LD_LIBRARY_PATH=<our libdir>, one without, and passes only if both exit 0,
#      print "result OK" and mapped the library they were meant to;
#   3. security matrix (peer.c's security options; the binding side is always
#      the server): CURVE {REQ-REP, PUB-SUB} x {tcp, ipc, ws} x {which side binds}
#      x the same library combinations, with the fixed RFC 26 example keys;
#      then REQ-REP over tcp (PLAIN rows also over ws), both binding sides: CURVE with a ZAP handler that
#      allows the client key, PLAIN with a ZAP handler that checks
#      admin/secret, and three refusals that must deliver nothing within
#      PEER_REFUSED_MS on both libraries alike (CURVE client with a wrong
#      server key; CURVE refused by ZAP (400); PLAIN with a wrong password);
#   4. interop/py/{reqrep,pubsub,pushpull}.py: pyzmq (Debian's python3-zmq) on
#      our library against the C peer and pypeer.py on the system library;
#      then interop/ws/websockets_peer.py: ws:// and wss:// against Python
#      websockets (python3-websockets) playing the ZeroMQ peer by hand;
#   5. interop/jeromq/run.sh: the real JeroMQ 0.3.6 (ZMTP 2.0; installed with
#      apt-get when missing) against a C peer on our library and on the system
#      libzmq, every socket pair both have, either side binding (its own
#      --help; skipped, saying so, only where apt-get is unavailable).
#
#   --system-only  every process on the system libzmq (validates the harness itself;
#                  the lib column becomes "A:sys B:sys")
#   --ours-ours    also run the C matrix with both sides on our library
#   --no-c/--no-sec/--no-py/--no-jeromq skip a phase
#   --count N      messages per case [50]
#   --jobs N       cases in parallel [2]
#   --keep         keep the scratch dir (logs, ipc sockets) even when all passed
#
# env: FERROMQ_LIBDIR (our libzmq.so.5's dir) [build/lib], PEER_TIMEOUT_MS (every
# wait inside a peer) [10000], PEER_REFUSED_MS (how long a refused case waits
# for the message that must not come) [2000], INTEROP_CASE_TIMEOUT (outer `timeout` per peer
# process, s) [60], INTEROP_PY_TIMEOUT (outer `timeout` per py script, s) [600].
# Exit: 0 all passed, 1 a case failed, 2 the harness could not run.
# Last line: "interop: N passed, N failed".
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 2

SYSTEM_ONLY=0 OURS_OURS=0 DO_C=1 DO_SEC=1 DO_PY=1 DO_JEROMQ=1 COUNT=50 JOBS=2 KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --system-only) SYSTEM_ONLY=1 ;;
    --ours-ours) OURS_OURS=1 ;;
    --no-c) DO_C=0 ;;
    --no-sec) DO_SEC=0 ;;
    --no-py) DO_PY=0 ;;
    --no-jeromq) DO_JEROMQ=0 ;;
    --count) COUNT="${2:?--count N}"; shift ;;
    --jobs) JOBS="${2:?--jobs N}"; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,/^set -u/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "interop: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$COUNT$JOBS" in *[!0-9]*) echo "interop: --count/--jobs take numbers" >&2; exit 2 ;; esac
[ "$JOBS" -ge 1 ] || JOBS=1

PY=/usr/bin/python3
export PEER_TIMEOUT_MS="${PEER_TIMEOUT_MS:-10000}"
export PEER_REFUSED_MS="${PEER_REFUSED_MS:-2000}"
CASE_TIMEOUT="${INTEROP_CASE_TIMEOUT:-60}"
PY_TIMEOUT="${INTEROP_PY_TIMEOUT:-600}"
LIBDIR="${FERROMQ_LIBDIR:-$ROOT/build/lib}"

syslib() {
  local d
  for d in /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
    [ -e "$d/libzmq.so.5" ] && { readlink -f "$d/libzmq.so.5"; return; }
  done
  /sbin/ldconfig -p 2>/dev/null | awk '$1 == "libzmq.so.5" {print $NF; exit}' | xargs -r readlink -f
}
SYSLIB="$(syslib)"
[ -n "$SYSLIB" ] && [ -e "$SYSLIB" ] || { echo "interop: no system libzmq.so.5 (apt-get install libzmq5)"; exit 2; }
OURLIB=""
if [ -e "$LIBDIR/libzmq.so.5" ]; then OURLIB="$(readlink -f "$LIBDIR/libzmq.so.5")"; fi
if [ "$SYSTEM_ONLY" = 0 ] && [ -z "$OURLIB" ]; then
  echo "interop: $LIBDIR/libzmq.so.5 not found: run 'make lib' (or use --system-only)"
  echo "interop: 0 passed, 1 failed"; exit 2
fi

WORK="$(mktemp -d /tmp/fmq-interop.XXXXXX)" || exit 2
mkdir -p "$WORK/res" "$WORK/log"
: >"$WORK/pids"
FAILED_ANY=0
cleanup() {
  local p
  # every peer runs under its own `timeout`, which leads its own process group
  while read -r p; do [ -n "$p" ] && kill -TERM -- "-$p" 2>/dev/null; done <"$WORK/pids"
  for p in $(jobs -p); do kill -TERM "$p" 2>/dev/null; done
  wait 2>/dev/null
  if [ "$KEEP" = 1 ] || [ "$FAILED_ANY" = 1 ]; then echo "interop: logs kept in $WORK"
  else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'echo "interop: interrupted"; FAILED_ANY=1; exit 130' INT TERM

# ---- 1. compile the C peer -------------------------------------------------------------
PEER="$WORK/peer"
if [ "$SYSTEM_ONLY" = 1 ]; then
  CFLAGS_I=(-I/usr/include); LFLAGS=()
else
  if [ -e include/zmq.h ]; then CFLAGS_I=(-I include); else CFLAGS_I=(-I/usr/include); fi
  if [ -e "$LIBDIR/libzmq.so" ]; then LFLAGS=(-L "$LIBDIR"); else LFLAGS=(); fi
fi
CC="${CC:-cc}"
if ! timeout 120 "$CC" -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra "${CFLAGS_I[@]}" interop/peer.c \
     -o "$PEER" "${LFLAGS[@]}" -lzmq -lpthread >"$WORK/log/compile.log" 2>&1; then
  FAILED_ANY=1
  echo "interop: compiling interop/peer.c failed (${CFLAGS_I[*]} ${LFLAGS[*]}):"
  sed 's/^/  /' "$WORK/log/compile.log" | head -40
  echo "interop: 0 passed, 1 failed"; exit 2
fi
echo "interop: peer compiled with ${CFLAGS_I[*]} ${LFLAGS[*]} -lzmq -lpthread"
echo "interop: system libzmq: $SYSLIB"
[ -n "$OURLIB" ] && echo "interop: our libzmq:    $OURLIB"
if [ "$SYSTEM_ONLY" = 0 ] && [ "$OURLIB" = "$SYSLIB" ]; then
  echo "interop: WARNING: $LIBDIR/libzmq.so.5 resolves to the system library: the lib checks cannot tell the sides apart"
fi
[ "$SYSTEM_ONLY" = 1 ] && echo "interop: --system-only: every process on the system libzmq"

lib_path() { if [ "$1" = ours ]; then echo "$OURLIB"; else echo "$SYSLIB"; fi; }
short() { if [ "$1" = ours ]; then echo ours; else echo sys; fi; }

# start_peer LIB OUT ARGS...: runs the peer in the background under `timeout`; sets SPID
start_peer() {
  local lib="$1" out="$2"; shift 2
  : >"$out"
  if [ "$lib" = ours ]; then
    timeout -k 5 "$CASE_TIMEOUT" env LD_LIBRARY_PATH="$LIBDIR" "$PEER" "$@" >"$out" 2>&1 </dev/null &
  else
    timeout -k 5 "$CASE_TIMEOUT" env -u LD_LIBRARY_PATH "$PEER" "$@" >"$out" 2>&1 </dev/null &
  fi
  SPID=$!
  echo "$SPID" >>"$WORK/pids"
}

# check_peer OUT RC LIB -> prints "" if fine, else the reason
check_peer() {
  local out="$1" rc="$2" want got
  want="$(lib_path "$3")"
  got="$(awk '$1 == "libzmq" {print $2; exit}' "$out")"
  if [ -z "$got" ]; then echo "no libzmq line (rc=$rc): $(tail -n 2 "$out" | tr '\n' ' ')"; return; fi
  [ "$(readlink -f "$got")" = "$want" ] || { echo "mapped $got, expected $want"; return; }
  [ "$rc" = 124 ] || [ "$rc" = 137 ] && { echo "killed by timeout ${CASE_TIMEOUT}s"; return; }
  [ "$rc" = 0 ] || { echo "rc=$rc: $(grep -m1 '^result' "$out" || tail -n 1 "$out")"; return; }
  grep -q '^result OK' "$out" || echo "no 'result OK' line"
}

# A wrong server key for the refused CURVE case: a valid key, just not the server's
# (the fixed client public key).
WRONG_KEY='Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID'

# sec_flags PROFILE -> sets SEC_BIND / SEC_CONN (peer.c options; the binder is the server)
sec_flags() {
  SEC_BIND=() SEC_CONN=()
  case "$1" in
    none) ;;
    curve) SEC_BIND=(--curve-server) SEC_CONN=(--curve-client) ;;
    curve-zap-allow) SEC_BIND=(--curve-server --zap allow --zap-domain interop)
                     SEC_CONN=(--curve-client) ;;
    plain-zap-allow) SEC_BIND=(--plain-server --zap allow) SEC_CONN=(--plain-client admin:secret) ;;
    curve-wrong-key) SEC_BIND=(--curve-server --refused)
                     SEC_CONN=(--curve-client --curve-serverkey "$WRONG_KEY" --refused) ;;
    curve-zap-deny) SEC_BIND=(--curve-server --zap deny --refused) SEC_CONN=(--curve-client --refused) ;;
    plain-wrong-pw) SEC_BIND=(--plain-server --zap allow --refused)
                    SEC_CONN=(--plain-client admin:wrong --refused) ;;
    *) echo "interop: unknown security profile $1" >&2; return 1 ;;
  esac
}

# c_case ID PATTERN TRANSPORT BINDER(A|B) LIB_A LIB_B [SEC_PROFILE] -> writes $WORK/res/ID
c_case() {
  local id="$1" pattern="$2" transport="$3" binder="$4" lib_a="$5" lib_b="$6" sec="${7:-none}"
  local SEC_BIND SEC_CONN
  sec_flags "$sec" || { echo "FAIL unknown security profile $sec" >"$WORK/res/$id"; return; }
  local role_a role_b topic=() ep bind_role conn_role bind_lib conn_lib
  local bout="$WORK/log/$id.bind.out" cout="$WORK/log/$id.connect.out" bpid cpid=""
  trap '[ -n "${bpid:-}" ] && kill -TERM -- "-$bpid" 2>/dev/null; [ -n "${cpid:-}" ] && kill -TERM -- "-$cpid" 2>/dev/null; exit 1' TERM INT
  case "$pattern" in
    reqrep) role_a=req role_b=rep ;;
    pubsub) role_a=pub role_b=sub topic=(weather) ;;
    pushpull) role_a=push role_b=pull ;;
  esac
  case "$transport" in
    tcp) ep='tcp://127.0.0.1:*' ;;
    ws) ep='ws://127.0.0.1:*/interop' ;;
    *) ep="ipc://$WORK/$id.sock" ;;
  esac
  if [ "$binder" = A ]; then
    bind_role=$role_a bind_lib=$lib_a conn_role=$role_b conn_lib=$lib_b
  else
    bind_role=$role_b bind_lib=$lib_b conn_role=$role_a conn_lib=$lib_a
  fi
  start_peer "$bind_lib" "$bout" "${SEC_BIND[@]}" "$bind_role" bind "$ep" "$COUNT" "${topic[@]}"; bpid=$SPID
  # wait (bounded) for the resolved endpoint(s)
  local deadline=$((SECONDS + PEER_TIMEOUT_MS / 1000 + 5)) rep_ep="" ctl_ep="" ready=0
  local alive=1
  while [ $SECONDS -le $deadline ]; do
    kill -0 "$bpid" 2>/dev/null || alive=0   # checked first: an exited peer's output is complete
    rep_ep="$(awk '$1 == "endpoint" {print $2; exit}' "$bout")"
    ctl_ep="$(awk '$1 == "ctl" {print $2; exit}' "$bout")"
    if [ -n "$rep_ep" ] && { [ "$pattern" != pubsub ] || [ -n "$ctl_ep" ]; }; then ready=1; break; fi
    [ "$alive" = 1 ] || break
    sleep 0.05
  done
  local brc crc why=""
  if [ "$ready" = 1 ]; then
    local extra=()
    [ "$pattern" = pubsub ] && extra=("${topic[@]}" "$ctl_ep")
    start_peer "$conn_lib" "$cout" "${SEC_CONN[@]}" "$conn_role" connect "$rep_ep" "$COUNT" "${extra[@]}"; cpid=$SPID
    # when one side fails, the other can only time out: give it 2 s, then stop it
    local first="" stopped=""
    wait -n -p first "$bpid" "$cpid"; local frc=$?
    if [ "$frc" != 0 ]; then
      local other=$cpid; [ "$first" = "$cpid" ] && other=$bpid
      local t=0
      while [ $t -lt 40 ] && kill -0 "$other" 2>/dev/null; do sleep 0.05; t=$((t + 1)); done
      kill -0 "$other" 2>/dev/null && stopped=$other
      kill -TERM -- "-$other" 2>/dev/null
    fi
    if [ "$first" = "$cpid" ]; then crc=$frc; wait "$bpid"; brc=$?
    else brc=$frc; wait "$cpid"; crc=$?; fi
    [ "$stopped" = "$bpid" ] && brc="stopped (the other side failed first)"
    [ "$stopped" = "$cpid" ] && crc="stopped (the other side failed first)"
    local wb wc
    wb="$(check_peer "$bout" "$brc" "$bind_lib")"
    wc="$(check_peer "$cout" "$crc" "$conn_lib")"
    [ -n "$wb" ] && why="$bind_role($(short "$bind_lib"),bind): $wb"
    [ -n "$wc" ] && why="${why:+$why; }$conn_role($(short "$conn_lib"),connect): $wc"
  else
    kill -TERM -- "-$bpid" 2>/dev/null
    wait "$bpid"; brc=$?
    why="$bind_role($(short "$bind_lib"),bind): no endpoint printed (rc=$brc): $(tail -n 2 "$bout" | tr '\n' ' ')"
  fi
  if [ -z "$why" ]; then echo PASS >"$WORK/res/$id"; else echo "FAIL $why" >"$WORK/res/$id"; fi
}

PASSED=0 FAILED=0
if [ "$SYSTEM_ONLY" = 1 ]; then COMBOS=("system system")
else
  COMBOS=("ours system" "system ours")
  [ "$OURS_OURS" = 1 ] && COMBOS+=("ours ours")
fi
# ---- 2. the C matrix --------------------------------------------------------------------
if [ "$DO_C" = 1 ]; then
  CASES=()
  for pattern in reqrep pubsub pushpull; do
    for transport in tcp ipc ws; do
      for binder in A B; do
        for combo in "${COMBOS[@]}"; do
          set -- $combo
          CASES+=("$pattern-$transport-bind$binder-$(short "$1")-$(short "$2") $pattern $transport $binder $1 $2")
        done
      done
    done
  done
  echo "interop: C matrix, ${#CASES[@]} cases, count=$COUNT, PEER_TIMEOUT_MS=$PEER_TIMEOUT_MS, $JOBS at a time"
  t0=$SECONDS running=0
  for c in "${CASES[@]}"; do
    if [ "$running" -ge "$JOBS" ]; then wait -n; running=$((running - 1)); fi
    # shellcheck disable=SC2086
    c_case $c &
    running=$((running + 1))
  done
  wait
  echo
  printf '%-9s %-4s %-13s' pattern via "binds"
  for combo in "${COMBOS[@]}"; do set -- $combo; printf '  %-14s' "A:$(short "$1") B:$(short "$2")"; done
  echo
  for pattern in reqrep pubsub pushpull; do
    case "$pattern" in reqrep) ra=req rb=rep pn=REQ-REP ;; pubsub) ra=pub rb=sub pn=PUB-SUB ;; pushpull) ra=push rb=pull pn=PUSH-PULL ;; esac
    for transport in tcp ipc ws; do
      for binder in A B; do
        if [ "$binder" = A ]; then b="A ($ra)"; else b="B ($rb)"; fi
        printf '%-9s %-4s %-13s' "$pn" "$transport" "$b"
        for combo in "${COMBOS[@]}"; do
          set -- $combo
          id="$pattern-$transport-bind$binder-$(short "$1")-$(short "$2")"
          r="$(cat "$WORK/res/$id" 2>/dev/null || echo "FAIL no result")"
          if [ "$r" = PASS ]; then PASSED=$((PASSED + 1)); printf '  %-14s' PASS
          else FAILED=$((FAILED + 1)); printf '  %-14s' FAIL; fi
        done
        echo
      done
    done
  done
  echo "C matrix: $((SECONDS - t0))s; A = req/pub/push, B = rep/sub/pull"
  if ls "$WORK/res" >/dev/null 2>&1 && grep -l '^FAIL' "$WORK"/res/* >/dev/null 2>&1; then
    echo "failures (logs: $WORK/log/<case>.{bind,connect}.out):"
    for f in "$WORK"/res/*; do
      grep -q '^FAIL' "$f" && printf '  %s: %s\n' "$(basename "$f")" "$(cut -c6- "$f" | cut -c1-400)"
    done
  fi
fi

# ---- 3. the security matrix -------------------------------------------------------------
if [ "$DO_SEC" = 1 ]; then
  # rows: "PROFILE PATTERN TRANSPORT BINDER"
  SEC_ROWS=()
  for pattern in reqrep pubsub; do
    for transport in tcp ipc ws; do
      for binder in A B; do SEC_ROWS+=("curve $pattern $transport $binder"); done
    done
  done
  for profile in curve-zap-allow plain-zap-allow curve-wrong-key curve-zap-deny plain-wrong-pw; do
    for binder in A B; do SEC_ROWS+=("$profile reqrep tcp $binder"); done
  done
  # ZWS 2.0 carries the PLAIN handshake and its ZAP check as well.
  for profile in plain-zap-allow plain-wrong-pw; do
    for binder in A B; do SEC_ROWS+=("$profile reqrep ws $binder"); done
  done
  CASES=()
  for row in "${SEC_ROWS[@]}"; do
    set -- $row
    for combo in "${COMBOS[@]}"; do
      set -- $row $combo
      CASES+=("sec-$1-$2-$3-bind$4-$(short "$5")-$(short "$6") $2 $3 $4 $5 $6 $1")
    done
  done
  echo
  echo "interop: security matrix, ${#CASES[@]} cases (the binding side is the server), count=$COUNT, PEER_REFUSED_MS=$PEER_REFUSED_MS, $JOBS at a time"
  t0=$SECONDS running=0
  for c in "${CASES[@]}"; do
    if [ "$running" -ge "$JOBS" ]; then wait -n; running=$((running - 1)); fi
    # shellcheck disable=SC2086
    c_case $c &
    running=$((running + 1))
  done
  wait
  echo
  printf '%-16s %-9s %-4s %-13s' security pattern via "binds"
  for combo in "${COMBOS[@]}"; do set -- $combo; printf '  %-14s' "A:$(short "$1") B:$(short "$2")"; done
  echo
  for row in "${SEC_ROWS[@]}"; do
    set -- $row
    profile=$1 pattern=$2 transport=$3 binder=$4
    case "$pattern" in reqrep) ra=req rb=rep pn=REQ-REP ;; pubsub) ra=pub rb=sub pn=PUB-SUB ;; esac
    if [ "$binder" = A ]; then b="A ($ra)"; else b="B ($rb)"; fi
    printf '%-16s %-9s %-4s %-13s' "$profile" "$pn" "$transport" "$b"
    for combo in "${COMBOS[@]}"; do
      set -- $combo
      id="sec-$profile-$pattern-$transport-bind$binder-$(short "$1")-$(short "$2")"
      r="$(cat "$WORK/res/$id" 2>/dev/null || echo "FAIL no result")"
      if [ "$r" = PASS ]; then PASSED=$((PASSED + 1)); printf '  %-14s' PASS
      else FAILED=$((FAILED + 1)); printf '  %-14s' FAIL; fi
    done
    echo
  done
  echo "security matrix: $((SECONDS - t0))s; A = req/pub, B = rep/sub; *-wrong-*/*-deny: nothing may arrive"
  if grep -l '^FAIL' "$WORK"/res/sec-* >/dev/null 2>&1; then
    echo "failures (logs: $WORK/log/<case>.{bind,connect}.out):"
    for f in "$WORK"/res/sec-*; do
      grep -q '^FAIL' "$f" && printf '  %s: %s\n' "$(basename "$f")" "$(cut -c6- "$f" | cut -c1-400)"
    done
  fi
fi

# ---- 4. pyzmq scripts ---------------------------------------------------------------------
if [ "$DO_PY" = 1 ]; then
  if [ "$SYSTEM_ONLY" = 1 ]; then
    PYENV=(env -u LD_LIBRARY_PATH); EXPECT=system
  else
    PYENV=(env LD_LIBRARY_PATH="$LIBDIR"); EXPECT=ours
  fi
  echo
  echo "interop: pyzmq scripts (pyzmq on $EXPECT, peers on system), count=$COUNT"
  t0=$SECONDS running=0
  for s in reqrep pubsub pushpull; do
    if [ "$running" -ge "$JOBS" ]; then wait -n; running=$((running - 1)); fi
    mkdir -p "$WORK/py-$s"
    (
      timeout -k 5 "$PY_TIMEOUT" "${PYENV[@]}" FERROMQ_LIBDIR="$LIBDIR" "$PY" "interop/py/$s.py" \
        --expect "$EXPECT" --peer-lib system --c-peer "$PEER" --count "$COUNT" \
        --timeout-ms "$PEER_TIMEOUT_MS" --tmpdir "$WORK/py-$s" >"$WORK/log/py-$s.out" 2>&1 </dev/null &
      tp=$!
      echo "$tp" >>"$WORK/pids"
      wait "$tp"; echo $? >"$WORK/res/py-$s.rc"
    ) &
    running=$((running + 1))
  done
  wait
  for s in reqrep pubsub pushpull; do
    rc="$(cat "$WORK/res/py-$s.rc" 2>/dev/null || echo '?')"
    out="$WORK/log/py-$s.out"
    p="$(grep -c ': PASS ' "$out")"; f="$(grep -c ': FAIL ' "$out")"
    note=""
    case "$rc" in
      0) ;;
      124|137) note=" (killed by timeout ${PY_TIMEOUT}s)" ;;
      *) [ "$f" = 0 ] && note=" (rc=$rc: $(grep -m1 'FAIL' "$out" | cut -c1-300 || true))" ;;
    esac
    [ "$rc" != 0 ] && [ "$f" = 0 ] && f=1   # failed before/without reporting cases
    printf '  py/%-9s %3d passed %3d failed%s\n' "$s" "$p" "$f" "$note"
    grep -A1 ': FAIL ' "$out" | grep -v '^--$' | sed 's/^/    /' | cut -c1-400 | head -20
    PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
  done
  echo "pyzmq scripts: $((SECONDS - t0))s"
  # ZWS 2.0 against an independent WebSocket implementation (Python
  # websockets playing the ZeroMQ peer by hand), ws and wss, pyzmq on
  # $EXPECT (wss cases skip where zmq_has("WSS") is 0: Debian's libzmq).
  echo
  echo "interop: ws/wss against Python websockets (pyzmq on $EXPECT)"
  timeout -k 5 "$PY_TIMEOUT" "${PYENV[@]}" "$PY" interop/ws/websockets_peer.py \
    >"$WORK/log/py-websockets.out" 2>&1 </dev/null
  wrc=$?
  sed 's/^/  /' "$WORK/log/py-websockets.out" | tail -n 20
  wl="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$WORK/log/py-websockets.out" | tail -n 1)"
  if [ -z "$wl" ]; then
    FAILED=$((FAILED + 1)); echo "  websockets: no summary line (rc=$wrc)"
  else
    set -- $wl
    PASSED=$((PASSED + $1)); FAILED=$((FAILED + $3))
    [ "$wrc" != 0 ] && [ "$3" = 0 ] && FAILED=$((FAILED + 1))
  fi
fi

# ---- 5. JeroMQ (ZMTP 2.0) ------------------------------------------------------------------
if [ "$DO_JEROMQ" = 1 ]; then
  echo
  JARGS=(--jobs "$JOBS")
  [ "$SYSTEM_ONLY" = 1 ] && JARGS+=(--system-only)
  t0=$SECONDS
  interop/jeromq/run.sh "${JARGS[@]}" 2>&1 | tee "$WORK/log/jeromq.out"
  jl="$(grep '^jeromq: [0-9]* passed, [0-9]* failed' "$WORK/log/jeromq.out" | tail -n 1)"
  if [ -z "$jl" ]; then
    FAILED=$((FAILED + 1)); echo "jeromq: no summary line (see above)"
  else
    jp="$(echo "$jl" | awk '{print $2}')"; jf="$(echo "$jl" | awk '{print $4}')"
    PASSED=$((PASSED + jp)); FAILED=$((FAILED + jf))
  fi
  echo "jeromq phase: $((SECONDS - t0))s"
fi

echo
[ "$FAILED" -gt 0 ] && FAILED_ANY=1
echo "interop: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
