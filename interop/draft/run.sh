#!/usr/bin/env bash
# Draft interop: the DRAFT API over the wire (interop/draft/dpeer.c), each
# scenario's two sides possibly on different libzmq.so.5 builds.
#
# usage: interop/draft/run.sh [--list] [--jobs N] [--keep] [--allow-missing] [SCENARIO...]
#
#   Side A binds (the data socket and a PAIR side channel), side B connects;
#   each runs `dpeer <scenario> A|B ...` with LD_LIBRARY_PATH set to its
#   library and FERROMQ_EXPECT_LIB to the same directory (dpeer fails if the
#   libzmq it mapped lives elsewhere; the runner checks the path it printed
#   too). A scenario passes only when both sides print "result OK".
#
#   Libraries (directories holding libzmq.so.5):
#     ours = $FERROMQ_LIBDIR or build/lib;  ref = $DRAFT_REF_LIBDIR (a libzmq
#     4.3.5 built with --enable-drafts, ws/wss, CURVE).
#     A_LIB / B_LIB set (either): one run, A on $A_LIB, B on $B_LIB (each
#       defaulting to ours); e.g. A_LIB=$REF B_LIB=$REF checks the suite itself;
#     else DRAFT_REF_LIBDIR set: every scenario both ways, A:ours B:ref and
#       A:ref B:ours;
#     else A=B=ours (what `make interop-draft` runs: CI cannot build the reference).
#
#   SKIP: a side reports what its library lacks (a DRAFT export missing,
#   zmq_socket/zmq_setsockopt EINVAL, a transport refused) or what the machine
#   lacks (loopback multicast). A machine SKIP is always a SKIP. A library
#   SKIP is a SKIP on any library but ours: ferromq must have every feature
#   here, so a library SKIP on ours counts as FAILED, unless --allow-missing
#   (for a tree where some draft features are not merged yet).
#
#   --list           the scenarios and what each checks
#   --jobs N         scenarios run in parallel [2]
#   --keep           keep the scratch dir (logs) even when all passed
#   --allow-missing  a feature missing on ours is a SKIP, not a failure
#   SCENARIO...      run only these (names from --list)
#
# env: PEER_TIMEOUT_MS (every wait inside a peer) [10000], PEER_REFUSED_MS (how
# long the wss refusals wait for what must not come) [2000], DPEER_COUNT
# (messages per scenario) [20], INTEROP_CASE_TIMEOUT (outer `timeout` per peer
# process, s) [60], CC.
# Exit: 0 nothing failed, 1 a scenario failed, 2 the harness could not run.
# Last line: "interop-draft: N passed, N failed, N skipped".
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 2

JOBS=2 KEEP=0 ALLOW_MISSING=0 LIST=0
ONLY=()
while [ $# -gt 0 ]; do
  case "$1" in
    --list) LIST=1 ;;
    --jobs) JOBS="${2:?--jobs N}"; shift ;;
    --keep) KEEP=1 ;;
    --allow-missing) ALLOW_MISSING=1 ;;
    -h|--help) sed -n '2,/^set -u/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "interop-draft: unknown option: $1 (see --help)" >&2; exit 2 ;;
    *) ONLY+=("$1") ;;
  esac
  shift
done
case "$JOBS" in ''|*[!0-9]*|0) echo "interop-draft: --jobs takes a positive number" >&2; exit 2 ;; esac

export PEER_TIMEOUT_MS="${PEER_TIMEOUT_MS:-10000}"
export DPEER_COUNT="${DPEER_COUNT:-20}"
CASE_TIMEOUT="${INTEROP_CASE_TIMEOUT:-60}"

# absolute, symlink-free directory; empty if it does not hold libzmq.so.5
libdir() { [ -n "$1" ] && [ -e "$1/libzmq.so.5" ] && (cd "$1" && pwd -P); }
OURS="$(libdir "${FERROMQ_LIBDIR:-$ROOT/build/lib}")"
REF=""
if [ -n "${DRAFT_REF_LIBDIR:-}" ]; then
  REF="$(libdir "$DRAFT_REF_LIBDIR")"
  [ -n "$REF" ] || { echo "interop-draft: DRAFT_REF_LIBDIR=$DRAFT_REF_LIBDIR has no libzmq.so.5"; exit 2; }
fi
COMBOS=()
if [ -n "${A_LIB:-}" ] || [ -n "${B_LIB:-}" ]; then
  a="$(libdir "${A_LIB:-${OURS:-}}")"; b="$(libdir "${B_LIB:-${OURS:-}}")"
  [ -n "$a" ] && [ -n "$b" ] || { echo "interop-draft: A_LIB/B_LIB: no libzmq.so.5 in ${A_LIB:-ours} / ${B_LIB:-ours} (make lib?)"; exit 2; }
  COMBOS=("$a $b")
  # without DRAFT_REF_LIBDIR, the first library that is not ours is labelled "ref"
  if [ -z "$REF" ]; then
    if [ "$a" != "$OURS" ]; then REF="$a"; elif [ "$b" != "$OURS" ]; then REF="$b"; fi
  fi
elif [ -n "$REF" ]; then
  [ -n "$OURS" ] || { echo "interop-draft: no libzmq.so.5 in ${FERROMQ_LIBDIR:-build/lib}: run 'make lib'"; exit 2; }
  COMBOS=("$OURS $REF" "$REF $OURS")
else
  [ -n "$OURS" ] || { echo "interop-draft: no libzmq.so.5 in ${FERROMQ_LIBDIR:-build/lib}: run 'make lib'"; exit 2; }
  COMBOS=("$OURS $OURS")
fi
# a short name for a library directory
label() {
  if [ -n "$OURS" ] && [ "$1" = "$OURS" ]; then echo ours
  elif [ -n "$REF" ] && [ "$1" = "$REF" ]; then echo ref
  else case "$1" in /usr/*|/lib*) echo sys ;; *) basename "$(dirname "$1")" ;; esac; fi
}
is_ours() { [ -n "$OURS" ] && [ "$1" = "$OURS" ]; }

WORK="$(mktemp -d /tmp/fmq-interop-draft.XXXXXX)" || exit 2
mkdir -p "$WORK/res" "$WORK/log"
: >"$WORK/pids"
FAILED_ANY=0
cleanup() {
  local p
  while read -r p; do [ -n "$p" ] && kill -TERM -- "-$p" 2>/dev/null; done <"$WORK/pids"
  for p in $(jobs -p); do kill -TERM "$p" 2>/dev/null; done
  wait 2>/dev/null
  if [ "$KEEP" = 1 ] || [ "$FAILED_ANY" = 1 ]; then echo "interop-draft: logs kept in $WORK"
  else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'echo "interop-draft: interrupted"; FAILED_ANY=1; exit 130' INT TERM

# ---- compile the peer: our header with the draft API, stable symbols from -lzmq ----
PEER="$WORK/dpeer"
CC="${CC:-cc}"
if [ -e include/zmq.h ]; then INC=(-I include); else INC=(-I /usr/include); fi
LINKDIR="${OURS:-${COMBOS[0]%% *}}"
if ! timeout 120 "$CC" -std=c11 -D_GNU_SOURCE -DZMQ_BUILD_DRAFT_API -O2 -Wall -Wextra -Werror \
     "${INC[@]}" interop/draft/dpeer.c -o "$PEER" -L "$LINKDIR" -lzmq -ldl >"$WORK/log/compile.log" 2>&1; then
  FAILED_ANY=1
  echo "interop-draft: compiling interop/draft/dpeer.c failed:"
  sed 's/^/  /' "$WORK/log/compile.log" | head -40
  echo "interop-draft: 0 passed, 1 failed, 0 skipped"; exit 2
fi

mapfile -t ALL < <("$PEER" --list | awk '{print $1}')
if [ "$LIST" = 1 ]; then "$PEER" --list; exit 0; fi
SCNS=()
if [ ${#ONLY[@]} -gt 0 ]; then
  for s in "${ONLY[@]}"; do
    found=0
    for a in "${ALL[@]}"; do [ "$a" = "$s" ] && found=1; done
    [ "$found" = 1 ] || { echo "interop-draft: unknown scenario $s (see --list)"; exit 2; }
    SCNS+=("$s")
  done
else
  SCNS=("${ALL[@]}")
fi

echo "interop-draft: dpeer compiled with ${INC[*]} -DZMQ_BUILD_DRAFT_API -L $LINKDIR -lzmq -ldl"
[ -n "$OURS" ] && echo "interop-draft: ours = $OURS"
[ -n "$REF" ] && echo "interop-draft: ref  = $REF"
for combo in "${COMBOS[@]}"; do
  set -- $combo
  echo "interop-draft: run A:$(label "$1") B:$(label "$2")  (A = $1, B = $2)"
done
seen=""
for combo in "${COMBOS[@]}"; do
  for d in $combo; do
    case " $seen " in *" $d "*) continue ;; esac
    seen="$seen $d"
    caps="$(env LD_LIBRARY_PATH="$d" "$PEER" --has 2>&1 | awk '/^zmq_has/ {gsub(/zmq_has\(|\)|"/, ""); printf "%s%s", sep, $1 $2 $3; sep=" "} /MISSING/ {sub(/:$/, "", $1); m = m " " $1} END {if (m != "") printf "; missing:%s", m}')"
    echo "interop-draft: $(label "$d"): $caps"
  done
done
[ "$ALLOW_MISSING" = 1 ] && echo "interop-draft: --allow-missing: a feature missing on ours is a SKIP"

# start_peer LIBDIR OUT ARGS...: the peer in the background under `timeout`; sets SPID
start_peer() {
  local lib="$1" out="$2"; shift 2
  : >"$out"
  timeout -k 5 "$CASE_TIMEOUT" env LD_LIBRARY_PATH="$lib" FERROMQ_EXPECT_LIB="$lib" \
    "$PEER" "$@" >"$out" 2>&1 </dev/null &
  SPID=$!
  echo "$SPID" >>"$WORK/pids"
}

# verdict OUT RC LIBDIR -> "OK" | "SKIP reason" | "FAIL reason"
verdict() {
  local out="$1" rc="$2" lib="$3" got line
  got="$(awk '$1 == "libzmq" {print $2; exit}' "$out")"
  if [ -z "$got" ]; then echo "FAIL no libzmq line (rc=$rc): $(tail -n 2 "$out" | tr '\n' ' ')"; return; fi
  case "$(readlink -f "$got")" in "$lib"/*) ;; *) echo "FAIL mapped $got, expected one in $lib"; return ;; esac
  line="$(grep -m1 '^result ' "$out" | cut -d' ' -f2-)"
  case "$rc" in
    0) case "$line" in OK*) echo OK ;; *) echo "FAIL exit 0 without result OK: $line" ;; esac ;;
    3) echo "SKIP ${line#SKIP }" ;;
    4) echo "SKIPM ${line#SKIP }" ;;
    124|137) echo "FAIL killed by timeout ${CASE_TIMEOUT}s: $(tail -n 1 "$out")" ;;
    stopped) echo "FAIL stopped (the other side ended first): $(tail -n 1 "$out")" ;;
    *) echo "FAIL rc=$rc: ${line:-$(tail -n 1 "$out")}" ;;
  esac
}

# run_case SCENARIO LIB_A LIB_B -> writes $WORK/res/SCENARIO.<a>-<b>
run_case() {
  local scn="$1" la="$2" lb="$3"
  local id="$scn.$(label "$la")-$(label "$lb")"
  local aout="$WORK/log/$id.A.out" bout="$WORK/log/$id.B.out" apid bpid=""
  trap '[ -n "${apid:-}" ] && kill -TERM -- "-$apid" 2>/dev/null; [ -n "${bpid:-}" ] && kill -TERM -- "-$bpid" 2>/dev/null; exit 1' TERM INT
  start_peer "$la" "$aout" "$scn" A; apid=$SPID
  local deadline=$((SECONDS + PEER_TIMEOUT_MS / 1000 + 5)) ep="" ctl="" alive=1 ready=0
  while [ $SECONDS -le $deadline ]; do
    kill -0 "$apid" 2>/dev/null || alive=0   # first: an exited peer's output is complete
    ep="$(awk '$1 == "endpoint" {print $2; exit}' "$aout")"
    ctl="$(awk '$1 == "ctl" {print $2; exit}' "$aout")"
    if [ -n "$ep" ] && [ -n "$ctl" ]; then ready=1; break; fi
    [ "$alive" = 1 ] || break
    sleep 0.05
  done
  local arc brc va vb res
  if [ "$ready" = 1 ]; then
    start_peer "$lb" "$bout" "$scn" B "$ep" "$ctl"; bpid=$SPID
    local first="" stopped=""
    wait -n -p first "$apid" "$bpid"; local frc=$?
    if [ "$frc" != 0 ]; then
      # one side ended badly: the other can only time out; 2 s, then stop it
      local other=$bpid t=0
      [ "$first" = "$bpid" ] && other=$apid
      while [ $t -lt 40 ] && kill -0 "$other" 2>/dev/null; do sleep 0.05; t=$((t + 1)); done
      kill -0 "$other" 2>/dev/null && stopped=$other
      kill -TERM -- "-$other" 2>/dev/null
    fi
    if [ "$first" = "$bpid" ]; then brc=$frc; wait "$apid"; arc=$?
    else arc=$frc; wait "$bpid"; brc=$?; fi
    [ "$stopped" = "$apid" ] && arc=stopped
    [ "$stopped" = "$bpid" ] && brc=stopped
    va="$(verdict "$aout" "$arc" "$la")"
    vb="$(verdict "$bout" "$brc" "$lb")"
  else
    kill -TERM -- "-$apid" 2>/dev/null
    wait "$apid"; arc=$?
    va="$(verdict "$aout" "$arc" "$la")"
    [ "${va%% *}" = OK ] && va="FAIL no endpoint/ctl printed within $((PEER_TIMEOUT_MS / 1000 + 5))s"
    vb="OK"   # never started
  fi
  # a skip explains the other side's failure (it was stopped): the skip wins
  res=""
  for side in A B; do
    local v lib
    if [ "$side" = A ]; then v="$va" lib="$la"; else v="$vb" lib="$lb"; fi
    case "$v" in
      SKIPM*) res="SKIP $side($(label "$lib")): ${v#SKIPM }"; break ;;
      SKIP*)
        if is_ours "$lib" && [ "$ALLOW_MISSING" = 0 ]; then
          res="FAIL $side(ours) lacks a feature: ${v#SKIP }"
        else
          res="SKIP $side($(label "$lib")): ${v#SKIP }"
        fi
        break ;;
    esac
  done
  if [ -z "$res" ]; then
    if [ "$va" = OK ] && [ "$vb" = OK ]; then res=PASS
    else
      res="FAIL"
      [ "$va" != OK ] && res="$res A($(label "$la")): ${va#FAIL }"
      [ "$va" != OK ] && [ "$vb" != OK ] && res="$res;"
      [ "$vb" != OK ] && res="$res B($(label "$lb")): ${vb#FAIL }"
    fi
  fi
  echo "$res" >"$WORK/res/$id"
}

CASES=()
for scn in "${SCNS[@]}"; do
  for combo in "${COMBOS[@]}"; do CASES+=("$scn $combo"); done
done
echo "interop-draft: ${#SCNS[@]} scenarios x ${#COMBOS[@]} runs, DPEER_COUNT=$DPEER_COUNT, PEER_TIMEOUT_MS=$PEER_TIMEOUT_MS, $JOBS at a time"
t0=$SECONDS running=0
for c in "${CASES[@]}"; do
  if [ "$running" -ge "$JOBS" ]; then wait -n; running=$((running - 1)); fi
  # shellcheck disable=SC2086
  run_case $c &
  running=$((running + 1))
done
wait
echo
printf '%-20s' scenario
for combo in "${COMBOS[@]}"; do set -- $combo; printf '  %-14s' "A:$(label "$1") B:$(label "$2")"; done
echo
PASSED=0 FAILED=0 SKIPPED=0
for scn in "${SCNS[@]}"; do
  printf '%-20s' "$scn"
  for combo in "${COMBOS[@]}"; do
    set -- $combo
    r="$(cat "$WORK/res/$scn.$(label "$1")-$(label "$2")" 2>/dev/null || echo "FAIL no result")"
    case "$r" in
      PASS) PASSED=$((PASSED + 1)); printf '  %-14s' PASS ;;
      SKIP*) SKIPPED=$((SKIPPED + 1)); printf '  %-14s' SKIP ;;
      *) FAILED=$((FAILED + 1)); printf '  %-14s' FAIL ;;
    esac
  done
  echo
done
echo "interop-draft: $((SECONDS - t0))s; A binds, B connects (see --list)"
if grep -l -v '^PASS' "$WORK"/res/* >/dev/null 2>&1; then
  echo "not passed (logs: $WORK/log/<scenario>.<libs>.{A,B}.out):"
  for f in "$WORK"/res/*; do
    grep -q '^PASS' "$f" || printf '  %s: %s\n' "$(basename "$f")" "$(cut -c1-400 "$f")"
  done
fi
echo
[ "$FAILED" -gt 0 ] && FAILED_ANY=1
echo "interop-draft: $PASSED passed, $FAILED failed, $SKIPPED skipped"
[ "$FAILED" -eq 0 ]
