#!/usr/bin/env bash
# pyzmq's own test-suite (upstream 24.0.1 tests, Debian's python3-zmq) on OUR
# libzmq.so.5, compared test by test with the run on the real libzmq 4.3.4
# (interop/peers/pyzmq-baseline-libzmq-4.3.4.txt).
#
# usage: interop/pyzmq-suite.sh [LIBDIR | --system] [-- extra pytest args]
#
#   LIBDIR    directory holding the libzmq.so.5 to test [$FERROMQ_LIBDIR or build/lib]
#   --system  no LD_LIBRARY_PATH: pyzmq on the system libzmq (validates the harness
#             and the baseline; expect 0 regressions)
#
# env: PYZMQ_FILES   test files to run [every file of the baseline: all 34 of
#                    pyzmq 24.0.1's test files, about 2 minutes]
#      PYZMQ_WORK    scratch dir for run-pyzmq-suite.sh [a fresh /tmp/fmq-pyzmq.XXXXXX,
#                    removed when there is no regression unless PYZMQ_KEEP=1]
#      FERROMQ_PEERS dir holding run-pyzmq-suite.sh and the baseline
#                    [../shared/peers if present, else interop/peers]
#      PYZMQ_RERUNS  give a failing test this many more attempts (pytest-rerunfailures,
#                    which pyzmq's suite uses for its own @flaky tests) [1; 0 = none].
#                    Tests that needed one are listed ("needed a rerun"); a test
#                    that fails every attempt is still a regression.
#      and every knob of run-pyzmq-suite.sh (PYZMQ_TEST_TIMEOUT, PYZMQ_FILE_TIMEOUT, ...).
#
# Prints, per file, "ours N passed / baseline M passed", the regressions (tests that
# pass on the real libzmq but not on ours) and the tests failing on both.
# Exit 0 iff there is no regression (1 otherwise, 2 if the harness itself failed).
# Last line: "pyzmq-suite: N passed, N failed" (failed = regressions).
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 2
PY=/usr/bin/python3

SYSTEM=0
LIBDIR="${FERROMQ_LIBDIR:-$ROOT/build/lib}"
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
  case "$1" in
    --system) SYSTEM=1 ;;
    -h|--help) sed -n '2,/^set -u/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) LIBDIR="$1" ;;
  esac
  shift
fi
[ "${1:-}" = "--" ] && shift
EXTRA=("$@")
RERUNS="${PYZMQ_RERUNS:-1}"
case "$RERUNS" in ''|*[!0-9]*) echo "pyzmq-suite: PYZMQ_RERUNS must be a number"; exit 2 ;; esac
PYTEST_EXTRA=("${EXTRA[@]}")
[ "$RERUNS" -gt 0 ] && PYTEST_EXTRA+=(--reruns "$RERUNS")

# The workplace's ../shared/peers when this checkout sits next to it, else
# the copy of its pyzmq files kept in interop/peers/ (a clean clone anywhere,
# as in CI).
if [ -z "${FERROMQ_PEERS:-}" ]; then
  if [ -e "$ROOT/../shared/peers/run-pyzmq-suite.sh" ]; then
    FERROMQ_PEERS="$ROOT/../shared/peers"
  else
    FERROMQ_PEERS="$ROOT/interop/peers"
  fi
fi
PEERS="$FERROMQ_PEERS"
SUITE="$PEERS/run-pyzmq-suite.sh"
BASELINE="$PEERS/pyzmq-baseline-libzmq-4.3.4.txt"
for f in "$SUITE" "$BASELINE"; do
  [ -e "$f" ] || { echo "pyzmq-suite: $f not found (set FERROMQ_PEERS)"; echo "pyzmq-suite: 0 passed, 1 failed"; exit 2; }
done
if [ "$SYSTEM" = 0 ] && [ ! -e "$LIBDIR/libzmq.so.5" ]; then
  echo "pyzmq-suite: $LIBDIR/libzmq.so.5 not found: run 'make lib' (or pass --system)"
  echo "pyzmq-suite: 0 passed, 1 failed"; exit 2
fi

# Default: every test file the baseline has results for (the whole suite).
if [ -z "${PYZMQ_FILES:-}" ]; then
  PYZMQ_FILES="$(sed -n 's|^zmq/tests/\(test_[A-Za-z0-9_]*\.py\)::.*|\1|p' "$BASELINE" | sort -u | tr '\n' ' ')"
  PYZMQ_FILES="${PYZMQ_FILES% }"
fi
export PYZMQ_FILES
OWN_WORK=0
if [ -z "${PYZMQ_WORK:-}" ]; then
  PYZMQ_WORK="$(mktemp -d /tmp/fmq-pyzmq.XXXXXX)" || exit 2
  OWN_WORK=1
fi
export PYZMQ_WORK

# run-pyzmq-suite.sh installs its packages with a bare apt-get: as non-root, install
# them first through the project's script (sudo)
if [ "$(id -u)" != 0 ] && [ -x tools/install-deps.sh ]; then
  tools/install-deps.sh python3-zmq libzmq5 python3-pytest python3-pytest-timeout \
    python3-pytest-rerunfailures python3-tornado python3-gevent python3-numpy cython3 \
    python3-dev libzmq3-dev gcc python3-pip || echo "pyzmq-suite: install-deps failed; trying anyway"
fi

SUITE_PID=""
descendants() { local c; for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do echo "$c"; descendants "$c"; done; }
cleanup() {
  # run-pyzmq-suite.sh runs each pytest under `timeout` (own process group): stop the
  # whole tree we started, not just the script
  [ -n "$SUITE_PID" ] || return 0
  local pids; pids="$(descendants "$SUITE_PID")"
  kill -TERM "$SUITE_PID" $pids 2>/dev/null
}
trap cleanup EXIT
trap 'echo "pyzmq-suite: interrupted"; exit 130' INT TERM

start=$(date +%s)
LOG="$PYZMQ_WORK.suite.log"
if [ "$SYSTEM" = 1 ]; then
  echo "pyzmq-suite: pyzmq on the system libzmq (no LD_LIBRARY_PATH), files: $PYZMQ_FILES"
  env -u LD_LIBRARY_PATH bash "$SUITE" -- "${PYTEST_EXTRA[@]}" > >(tee "$LOG") 2>&1 &
else
  echo "pyzmq-suite: pyzmq on $LIBDIR/libzmq.so.5, files: $PYZMQ_FILES"
  bash "$SUITE" "$LIBDIR" -- "${PYTEST_EXTRA[@]}" > >(tee "$LOG") 2>&1 &
fi
SUITE_PID=$!
wait "$SUITE_PID"; rc=$?
SUITE_PID=""
wall=$(( $(date +%s) - start ))
sleep 0.2  # let tee flush

echo
echo "pyzmq-suite: run-pyzmq-suite.sh exited $rc after ${wall}s"
RESULTS="$PYZMQ_WORK/results.txt"
MISSING=()
[ "${#EXTRA[@]}" -gt 0 ] && MISSING=(--missing-ok)
reran="$(grep -hE '(::| )[^ ]* RERUN' "$PYZMQ_WORK"/logs/*.log 2>/dev/null | grep -oE '[^ ]+::[^ ]+' | sort -u)"
if [ -n "$reran" ]; then
  echo "pyzmq-suite: needed a rerun (failed, then passed or failed again; see the logs):"
  sed 's/^/  /' <<<"$reran"
fi
out="$($PY interop/pyzmq_compare.py "$BASELINE" "$RESULTS" "$PYZMQ_FILES" "${MISSING[@]}")"
crc=$?
echo "$out"
if [ "$crc" = 2 ]; then echo "pyzmq-suite: 0 passed, 1 failed"; exit 2; fi
passed=0
if [ -e "$RESULTS" ]; then passed=$(grep -cE ' (PASSED|XPASS)$' "$RESULTS"); fi
regressions="$(sed -n 's/.* \([0-9][0-9]*\) regression(s).*/\1/p' <<<"$out")"
[ -n "$regressions" ] || regressions=1
if [ "$crc" = 0 ] && [ "$OWN_WORK" = 1 ] && [ "${PYZMQ_KEEP:-0}" != 1 ]; then
  rm -rf "$PYZMQ_WORK" "$LOG"
  echo "pyzmq-suite: wall time ${wall}s (scratch removed; PYZMQ_KEEP=1 keeps it)"
else
  echo "pyzmq-suite: wall time ${wall}s; logs: $PYZMQ_WORK/logs, suite output: $LOG"
fi
echo "pyzmq-suite: $passed passed, $regressions failed"
exit "$crc"
