#!/usr/bin/env bash
# fuzz/run.sh - build and run the cargo-fuzz targets of the ZMTP parser and
# the security mechanisms for a bounded time each.
#
# usage: fuzz/run.sh [SECONDS] [TARGET...]
#
#   SECONDS   libFuzzer -max_total_time for each target (default 60)
#   TARGET    handshake, frames, plain, curve, socks, udp, ws (default: all, one
#             after the other)
#
# Environment:
#   FERROMQ_FUZZ_SEEDS  shared seed directory (default <repo>/../shared/fuzz-seeds):
#                       libzmq's fuzz corpora and dictionaries/zmtp.dict, read
#                       in place, never copied into the repository (plain and
#                       curve add fuzz/security.dict: both are concatenated
#                       into fuzz/logs/TARGET.dict for the run)
#   FUZZ_SANITIZER      cargo fuzz --sanitizer (default none: ferromq-zmtp is
#                       #![forbid(unsafe_code)], and without ASan a run is ~4x
#                       faster; "address" adds ASan)
#   FUZZ_JOBS           libFuzzer -fork=N workers per target (default 1: no fork)
#   FUZZ_ARGS           extra libFuzzer flags
#
# Targets are built with -O and -a (optimized, but with debug assertions and
# integer overflow checks, so an overflow is a crash, not a silent wrap).
# Works on the stable toolchain: cargo-fuzz passes -Z flags to rustc, which
# RUSTC_BOOTSTRAP=1 allows on stable (a nightly toolchain works too:
# `RUSTUP_TOOLCHAIN=nightly fuzz/run.sh`). cargo-fuzz is installed with
# `cargo install cargo-fuzz` if missing.
#
# Corpus growth goes to fuzz/corpus/TARGET (git-ignored), crashes to
# fuzz/artifacts/TARGET/, logs to fuzz/logs/TARGET.log.  Exit status: 0 if no
# target crashed, 1 if one did (the crashing input is printed in hex), 2 on a
# usage or build error.
set -u
set -o pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$here" || exit 2

secs=60
targets=()
for a in "$@"; do
    case "$a" in
        -h|--help) sed -n '2,/^set -u/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        ''|*[!0-9]*) targets+=("$a") ;;
        *) secs="$a" ;;
    esac
done
all_targets=(handshake frames plain curve socks udp ws)
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
    [ -f "fuzz_targets/$t.rs" ] || { echo "run.sh: no target $t (have: ${all_targets[*]})" >&2; exit 2; }
done

seeds="${FERROMQ_FUZZ_SEEDS:-$root/../shared/fuzz-seeds}"
sanitizer="${FUZZ_SANITIZER:-none}"
jobs="${FUZZ_JOBS:-1}"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "run.sh: installing cargo-fuzz" >&2
    cargo install cargo-fuzz || exit 2
fi

[ -f "$seeds/dictionaries/zmtp.dict" ] ||
    echo "run.sh: WARNING: $seeds/dictionaries/zmtp.dict not found; running without it" >&2

mkdir -p logs

# The dictionary of a target: zmtp.dict, plus our PLAIN/CURVE/ZAP tokens for
# plain and curve (libFuzzer takes one -dict, so those two are concatenated
# into logs/, not copied into the repository).
dict_for() {
    local zmtp="$seeds/dictionaries/zmtp.dict"
    case "$1" in
        plain|curve)
            { [ -f "$zmtp" ] && cat "$zmtp"; echo; cat "$here/security.dict"; } >"logs/$1.dict"
            echo "-dict=logs/$1.dict" ;;
        socks|ws) ;;
        *)
            [ -f "$zmtp" ] && echo "-dict=$zmtp" ;;
    esac
}

# Seed directories per target: libzmq's raw-stream corpora (what a peer sends
# to a bound or connecting socket: NULL and CURVE handshakes and traffic),
# read in place, and ours in fuzz/seeds/TARGET (gen_seeds.py for handshake
# and frames; src/seeds.rs, `make -C fuzz seeds`, for plain and curve).
seed_dirs() {
    local d dirs
    case "$1" in
        plain) dirs=(test_bind_null_fuzzer_seed_corpus test_connect_null_fuzzer_seed_corpus) ;;
        curve) dirs=(test_bind_curve_fuzzer_seed_corpus test_connect_curve_fuzzer_seed_corpus) ;;
        socks|ws) dirs=() ;;
        *) dirs=(test_bind_null_fuzzer_seed_corpus test_connect_null_fuzzer_seed_corpus
                 test_bind_fuzzer_seed_corpus test_connect_fuzzer_seed_corpus
                 test_bind_curve_fuzzer_seed_corpus test_connect_curve_fuzzer_seed_corpus) ;;
    esac
    for d in "${dirs[@]}"; do
        [ -d "$seeds/$d" ] && echo "$seeds/$d"
    done
    [ -d "$here/seeds/$1" ] && echo "$here/seeds/$1"
}

status=0
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    echo "== $t: building (sanitizer $sanitizer)"
    if ! cargo fuzz build -O -a -s "$sanitizer" "$t" >"logs/$t.build.log" 2>&1; then
        tail -20 "logs/$t.build.log"; echo "run.sh: build of $t failed" >&2; exit 2
    fi
    mapfile -t sdirs < <(seed_dirs "$t")
    mapfile -t dict < <(dict_for "$t")
    before="$(find "artifacts/$t" -type f | wc -l)"
    echo "== $t: fuzzing for ${secs}s (corpus fuzz/corpus/$t + ${#sdirs[@]} seed dirs)"
    fork=()
    [ "$jobs" -gt 1 ] 2>/dev/null && fork=(-fork="$jobs" -ignore_crashes=0)
    # shellcheck disable=SC2086
    cargo fuzz run -O -a -s "$sanitizer" "$t" "corpus/$t" "${sdirs[@]}" -- \
        -max_total_time="$secs" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 "${dict[@]}" "${fork[@]}" ${FUZZ_ARGS:-} \
        >"logs/$t.log" 2>&1
    rc=$?
    # summary: the last status line and the final stats
    grep -E '^#[0-9]+' "logs/$t.log" | tail -1
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "logs/$t.log"
    after="$(find "artifacts/$t" -type f | wc -l)"
    if [ "$rc" != 0 ] || [ "$after" -gt "$before" ]; then
        status=1
        echo "!! $t: libFuzzer exited $rc; new artifacts:"
        find "artifacts/$t" -type f -newer "logs/$t.build.log" | while read -r f; do
            echo "   $f: $(od -An -tx1 -v "$f" | tr -d ' \n' | cut -c1-2000)"
        done
        grep -E 'panicked at|^SUMMARY|ERROR: libFuzzer' "logs/$t.log" | head -5
    fi
done
exit "$status"
