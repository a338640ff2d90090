#!/usr/bin/env bash
# c-tests/run.sh - build every c-tests/test_*.c and run each binary against
# BOTH the system libzmq and ours: the same test must pass on both.
#
# usage: c-tests/run.sh [--system-only | --ours-only] [-j N] [-v] [FILTER...]
#
#   FILTER      run only tests whose name contains FILTER (any of them);
#               "poll", "test_poll_fd", "test_poll_fd.c" all work
#   --system-only   run only against the system libzmq (checks the tests)
#   --ours-only     run only against ours ($FERROMQ_LIBDIR or build/lib)
#   -j N        tests run in parallel (default 2)
#   -v          print the whole log of each failure, not just its tail
#
# Each test is compiled once (plus -g -O1 and any $CFLAGS):
#   ${CC:-cc} -std=gnu99 -Wall -Werror -I include test.c -L build/lib -lzmq -lpthread
# (falls back to -I/usr/include if include/zmq.h does not exist, and to the
# system libzmq for linking if build/lib has no libzmq.so) and run twice, each
# run under `timeout ${TEST_TIMEOUT:-60}` (and under $RUN_WRAPPER, if set):
#   system : LD_LIBRARY_PATH unset, FERROMQ_EXPECT_LIB=<dir of system libzmq.so.5>,
#            FERROMQ_LIB_KIND=system
#   ferromq: LD_LIBRARY_PATH and FERROMQ_EXPECT_LIB both set to
#            ${FERROMQ_LIBDIR:-<repo>/build/lib}, FERROMQ_LIB_KIND=ferromq
# Draft tests (test_draft_*.c) are compiled with -DZMQ_BUILD_DRAFT_API. The
# system libzmq has no draft API, so their "system" run uses a libzmq built
# with drafts in $DRAFT_REF_LIBDIR (LD_LIBRARY_PATH and FERROMQ_EXPECT_LIB set
# to it) and is skipped when that is unset.
# testutil.h's TU_START() checks that the mapped libzmq lives in
# FERROMQ_EXPECT_LIB, so a run can never silently test the wrong library.
#
# If a test does not compile with our include/zmq.h, it is rebuilt with the
# system header for the system run (so the test itself is still checked) and
# the ferromq run counts as FAILED (compile).
#
# Output: one line per test, then the tail of each failing log.  Logs are in
# build/c-tests/logs/ (or $C_TESTS_OUT/logs/).  Exit status: 0 if every run passed, 1 otherwise,
# 2 on a usage error.
set -u
set -o pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root" || exit 2

usage() { sed -n '2,/^set -u/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }

run_system=1
run_ours=1
jobs=2
verbose=0
filters=()
while [ $# -gt 0 ]; do
    case "$1" in
        --system-only) run_system=1; run_ours=0 ;;
        --ours-only)   run_system=0; run_ours=1 ;;
        -j)            shift; jobs="${1:-}" ;;
        -j*)           jobs="${1#-j}" ;;
        -v|--verbose)  verbose=1 ;;
        -h|--help)     usage; exit 0 ;;
        -*)            echo "run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
        *)             f="${1%.c}"; filters+=("$f") ;;
    esac
    shift
done
case "$jobs" in ''|*[!0-9]*|0) echo "run.sh: -j needs a positive number" >&2; exit 2 ;; esac

CC="${CC:-cc}"
# Binaries and logs end up in build/c-tests/ and build/c-tests/logs/, but
# each run works in a private directory first, so that two runs at the same
# time (two sessions, or make and a developer) do not clobber each other.
out="${C_TESTS_OUT:-$root/build/c-tests}"
mkdir -p "$out/logs" || exit 2
# private directories of runs that were killed hard (older than 2 hours)
find "$out" -maxdepth 1 -name '.run.*' -mmin +120 -exec rm -rf {} + 2>/dev/null
work="$(mktemp -d "$out/.run.XXXXXX")" || exit 2
logs="$work/logs"
res="$work/results"
bins="$work/bin"
mkdir -p "$logs" "$res" "$bins"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
trap 'j="$(jobs -p)"; [ -n "$j" ] && kill $j 2>/dev/null; echo "run.sh: interrupted" >&2; exit 130' INT TERM

# ---- libraries -----------------------------------------------------------
sys_so=""
for cand in /usr/lib/x86_64-linux-gnu/libzmq.so.5 /lib/x86_64-linux-gnu/libzmq.so.5 \
            /usr/lib64/libzmq.so.5 /usr/lib/libzmq.so.5 /usr/local/lib/libzmq.so.5; do
    if [ -e "$cand" ]; then sys_so="$cand"; break; fi
done
if [ -z "$sys_so" ] && command -v ldconfig >/dev/null 2>&1; then
    sys_so="$(ldconfig -p 2>/dev/null | awk '/libzmq\.so\.5 /{print $NF; exit}')"
fi
sys_dir=""
if [ -n "$sys_so" ]; then sys_dir="$(dirname "$(readlink -f "$sys_so")")"; fi

our_dir="${FERROMQ_LIBDIR:-$root/build/lib}"
case "$our_dir" in /*) ;; *) our_dir="$root/$our_dir" ;; esac
if [ -d "$our_dir" ]; then our_dir="$(cd "$our_dir" && pwd -P)"; fi

if [ "$run_system" = 1 ] && [ -z "$sys_dir" ]; then
    echo "run.sh: no system libzmq.so.5 found (apt-get install libzmq5)" >&2; exit 2
fi
if [ "$run_ours" = 1 ] && [ ! -e "$our_dir/libzmq.so.5" ]; then
    echo "run.sh: WARNING: $our_dir/libzmq.so.5 does not exist (run 'make lib'); ferromq runs will fail"
fi

# ---- compiler flags ------------------------------------------------------
if [ -f "$root/include/zmq.h" ]; then
    inc=(-I "$root/include")
    inc_ours=1
    inc_note="include/zmq.h"
else
    inc=(-I/usr/include)
    inc_ours=0
    inc_note="/usr/include/zmq.h (include/zmq.h does not exist yet)"
fi
if [ -e "$root/build/lib/libzmq.so" ]; then
    link=(-L "$root/build/lib" -lzmq -lpthread)
    link_note="build/lib"
else
    link=(-lzmq -lpthread)
    link_note="system (build/lib/libzmq.so does not exist)"
fi
cflags=(-std=gnu99 -Wall -Werror -g -O1 -I "$here")
# Extra flags from the environment, e.g. CFLAGS=-fsanitize=address.
read -r -a extra_cflags <<< "${CFLAGS:-}"
# A command every test binary runs under (RUN_WRAPPER="valgrind ...", see
# tools/valgrind.sh) and the per-run time limit in seconds (TEST_TIMEOUT).
read -r -a wrapper <<< "${RUN_WRAPPER:-}"
tmo="${TEST_TIMEOUT:-60}"
case "$tmo" in ''|*[!0-9]*|0) echo "run.sh: TEST_TIMEOUT must be a positive number" >&2; exit 2 ;; esac

# ---- test selection ------------------------------------------------------
tests=()
for src in "$here"/test_*.c; do
    [ -f "$src" ] || continue
    name="$(basename "$src" .c)"
    if [ ${#filters[@]} -gt 0 ]; then
        keep=0
        for f in "${filters[@]}"; do
            case "$name" in *"$f"*) keep=1 ;; esac
        done
        [ "$keep" = 1 ] || continue
    fi
    tests+=("$name")
done
if [ ${#tests[@]} -eq 0 ]; then
    echo "run.sh: no test matches${filters[*]:+ ${filters[*]}}" >&2; exit 2
fi

echo "c-tests: ${#tests[@]} tests, header $inc_note, linked with $link_note"
[ "$run_system" = 1 ] && echo "  system : $sys_dir"
[ "$run_system" = 1 ] && echo "  draft  : ${DRAFT_REF_LIBDIR:-(test_draft_* not run on a reference: DRAFT_REF_LIBDIR unset)}"
[ "$run_ours" = 1 ]   && echo "  ferromq: $our_dir"

now_ms() { local t="${EPOCHREALTIME/./}"; echo $(( ${t:0:${#t}-3} )); }
fmt_s() { printf '%d.%02ds' $(( $1 / 1000 )) $(( ($1 % 1000) / 10 )); }

# run_lib NAME BIN KIND(system|ferromq) LIBDIR -> writes status files
run_lib() {
    local name="$1" bin="$2" kind="$3" dir="$4" log="$logs/$1.$3.log"
    local t0 t1 rc
    t0="$(now_ms)"
    : >"$log"
    # The outer 2>> catches bash's own "Segmentation fault" report.
    if [ "$kind" = system ] && [ "$dir" != "$sys_dir" ]; then
        { ( cd "$work" && exec env LD_LIBRARY_PATH="$dir" FERROMQ_EXPECT_LIB="$dir" FERROMQ_LIB_KIND=system \
            timeout -k 5 "$tmo" "${wrapper[@]}" "$bin" ) >>"$log" 2>&1 </dev/null; } 2>>"$log"
    elif [ "$kind" = system ]; then
        { ( cd "$work" && exec env -u LD_LIBRARY_PATH FERROMQ_EXPECT_LIB="$dir" FERROMQ_LIB_KIND=system \
            timeout -k 5 "$tmo" "${wrapper[@]}" "$bin" ) >>"$log" 2>&1 </dev/null; } 2>>"$log"
    else
        { ( cd "$work" && exec env LD_LIBRARY_PATH="$dir" FERROMQ_EXPECT_LIB="$dir" FERROMQ_LIB_KIND=ferromq \
            timeout -k 5 "$tmo" "${wrapper[@]}" "$bin" ) >>"$log" 2>&1 </dev/null; } 2>>"$log"
    fi
    rc=$?
    t1="$(now_ms)"
    case "$rc" in
        0) ;;
        124) echo "run.sh: killed by timeout $tmo" >>"$log" ;;
        137) echo "run.sh: killed (SIGKILL) after timeout" >>"$log" ;;
        *) if [ "$rc" -gt 128 ]; then echo "run.sh: died with signal $((rc - 128))" >>"$log"; fi ;;
    esac
    echo "$rc" >"$res/$name.$kind.rc"
    echo "$((t1 - t0))" >"$res/$name.$kind.ms"
}

# one_test NAME: compile, run on the selected libraries, print one line.
one_test() {
    local name="$1" src="$here/$1.c" bin="$bins/$1" sysbin clog="$logs/$1.compile.log"
    local compiled=1 ours_compiled=1 draft=0 sys_run="$run_system" sys_lib="$sys_dir"
    local cflags=("${cflags[@]}")
    sysbin="$bin"
    case "$name" in
        test_draft_*)
            draft=1
            cflags+=(-DZMQ_BUILD_DRAFT_API)
            if [ -n "${DRAFT_REF_LIBDIR:-}" ]; then sys_lib="$DRAFT_REF_LIBDIR"; else sys_run=0; fi
            ;;
    esac
    if ! "$CC" "${cflags[@]}" "${extra_cflags[@]}" "${inc[@]}" -o "$bin" "$src" "${link[@]}" >"$clog" 2>&1; then
        ours_compiled=0
        # Try linking with the system libzmq (our library may lack symbols).
        if "$CC" "${cflags[@]}" "${extra_cflags[@]}" "${inc[@]}" -o "$bin" "$src" -lzmq -lpthread >>"$clog" 2>&1; then
            echo "run.sh: NOTE: linked against the system libzmq (link with build/lib failed above)" >>"$clog"
            ours_compiled=1
        elif [ "$draft" = 0 ] && [ "$run_system" = 1 ] && [ "$inc_ours" = 1 ] &&
             "$CC" "${cflags[@]}" "${extra_cflags[@]}" -I/usr/include -o "$bin.syshdr" "$src" -lzmq -lpthread >>"$clog" 2>&1; then
            echo "run.sh: NOTE: does not compile with $inc_note; system run uses /usr/include/zmq.h" >>"$clog"
            sysbin="$bin.syshdr"
        else
            compiled=0
        fi
    fi
    if [ "$sys_run" = 1 ]; then
        if [ "$compiled" = 1 ]; then
            run_lib "$name" "$sysbin" system "$sys_lib"
        else
            cp "$clog" "$logs/$name.system.log"; echo 1 >"$res/$name.system.rc"; echo 0 >"$res/$name.system.ms"
        fi
    fi
    if [ "$run_ours" = 1 ]; then
        if [ "$compiled" = 1 ] && [ "$ours_compiled" = 1 ]; then
            run_lib "$name" "$bin" ferromq "$our_dir"
        else
            { echo "run.sh: compile failed:"; cat "$clog"; } >"$logs/$name.ferromq.log"
            echo 1 >"$res/$name.ferromq.rc"; echo 0 >"$res/$name.ferromq.ms"
        fi
    fi
    local line sys="" ours="" times=() rc
    if [ "$sys_run" = 1 ]; then
        rc="$(cat "$res/$name.system.rc")"
        if [ "$rc" = 0 ]; then sys="system:PASS"; else sys="system:FAIL"; fi
        times+=("sys $(fmt_s "$(cat "$res/$name.system.ms")")")
    elif [ "$run_system" = 1 ]; then
        sys="system:skip"   # a draft test, and no DRAFT_REF_LIBDIR
    else
        sys="system:-   "
    fi
    if [ "$run_ours" = 1 ]; then
        rc="$(cat "$res/$name.ferromq.rc")"
        if [ "$rc" = 0 ]; then ours="ferromq:PASS"; else ours="ferromq:FAIL"; fi
        [ "$ours_compiled" = 1 ] || ours="ferromq:FAIL"
        times+=("ours $(fmt_s "$(cat "$res/$name.ferromq.ms")")")
    else
        ours="ferromq:-   "
    fi
    local tj=""
    if [ ${#times[@]} -eq 2 ]; then tj="${times[0]}, ${times[1]}"; else tj="${times[0]}"; fi
    line="$(printf '%-44s %s  %s  (%s)' "$name" "$sys" "$ours" "$tj")"
    echo "$line"
    [ "$compiled" = 1 ] || echo "compile" >"$res/$name.compile_failed"
    # publish the binary (atomically) and the logs, for re-running by hand
    if [ -f "$bin" ]; then mv -f "$bin" "$out/$name"; fi
    if [ -f "$bin.syshdr" ]; then mv -f "$bin.syshdr" "$out/$name.syshdr"; fi
    rm -f "$out/logs/$name".*.log
    cp -f "$logs/$name".*.log "$out/logs/" 2>/dev/null
}

# ---- run, at most $jobs tests at a time -----------------------------------
running=0
for name in "${tests[@]}"; do
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
    one_test "$name" &
    running=$((running + 1))
done
wait

# ---- summary ---------------------------------------------------------------
failed=0
sys_pass=0; ours_pass=0
failures=()
for name in "${tests[@]}"; do
    for kind in system ferromq; do
        f="$res/$name.$kind.rc"
        [ -f "$f" ] || continue
        rc="$(cat "$f")"
        if [ "$rc" = 0 ]; then
            if [ "$kind" = system ]; then sys_pass=$((sys_pass + 1)); else ours_pass=$((ours_pass + 1)); fi
        else
            failed=1
            failures+=("$name.$kind:$rc")
        fi
    done
done

if [ ${#failures[@]} -gt 0 ]; then
    echo
    echo "==== failures (logs in build/c-tests/logs/) ===="
    for item in "${failures[@]}"; do
        key="${item%%:*}"; rc="${item##*:}"
        echo "---- ${key%.*} on ${key##*.} (exit $rc) : build/c-tests/logs/$key.log"
        if [ "$verbose" = 1 ]; then cat "$logs/$key.log"; else tail -n 15 "$logs/$key.log"; fi
    done
fi

# Remove ipc files left by tests that were killed (their pid is gone).
for f in /tmp/ferromq-ct-*; do
    [ -e "$f" ] || continue
    p="${f#/tmp/ferromq-ct-}"; p="${p%%-*}"
    case "$p" in ''|*[!0-9]*) continue ;; esac
    [ -d "/proc/$p" ] || rm -f "$f" 2>/dev/null
done

echo
n=${#tests[@]}
summary="c-tests: $n tests"
n_sys="$(find "$res" -name '*.system.rc' | wc -l)"
[ "$run_system" = 1 ] && summary="$summary; system $sys_pass/$n_sys passed"
[ "$run_system" = 1 ] && [ "$n_sys" != "$n" ] && summary="$summary ($((n - n_sys)) draft tests skipped: no DRAFT_REF_LIBDIR)"
[ "$run_ours" = 1 ] && summary="$summary; ferromq $ours_pass/$n passed"
echo "$summary"
exit "$failed"
