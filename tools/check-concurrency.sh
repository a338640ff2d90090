#!/usr/bin/env bash
# tools/check-concurrency.sh - the proofs for the hand-written lock-free code
# (make check-concurrency; not part of make test).
#
# usage: tools/check-concurrency.sh [loom] [miri] [tsan]   (default: all three)
#
#   loom  RUSTFLAGS="--cfg loom": the loom models in crates/ferromq/src/
#         pipe/spsc.rs and mailbox.rs explore every interleaving (within
#         LOOM_MAX_PREEMPTIONS, default 3) of the SPSC queue (push/commit/
#         pop/rollback across chunk boundaries and chunk recycling, and the
#         try_sleep/commit wake-up handshake) and of the mailbox (futex wait,
#         eventfd poll, exported eventfd), under loom's model of the memory
#         orderings; a lost wake-up is a deadlock loom reports.
#   miri  the spsc unit tests under Miri (undefined behaviour, data races,
#         leaks of the unsafe chunk code). Needs the nightly toolchain's
#         miri and rust-src components.
#   tsan  every Rust test of crates/ferromq built with ThreadSanitizer
#         (nightly, -Zsanitizer=thread, std rebuilt with it: -Zbuild-std,
#         needs rust-src).
#
# Build outputs go to target/loom, target/miri, target/tsan (apart from the
# normal build). Exit status: non-zero if any check failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 2

want=("$@")
[ ${#want[@]} -gt 0 ] || want=(loom miri tsan)
host="$(rustc -vV | sed -n 's/^host: //p')"
failed=()

have_nightly_component() {
    rustup +nightly component list --installed 2>/dev/null | grep -q "^$1"
}

for check in "${want[@]}"; do
    echo "==== check-concurrency: $check"
    case "$check" in
    loom)
        RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS="${LOOM_MAX_PREEMPTIONS:-3}" \
            cargo test --release -p ferromq --lib --target-dir target/loom -- loom_tests \
            || failed+=(loom)
        ;;
    miri)
        if ! have_nightly_component miri || ! have_nightly_component rust-src; then
            echo "check-concurrency: miri needs 'rustup +nightly component add miri rust-src'" >&2
            failed+=(miri); continue
        fi
        cargo +nightly miri test -p ferromq --lib --target-dir target/miri -- pipe::spsc \
            || failed+=(miri)
        ;;
    tsan)
        if ! have_nightly_component rust-src; then
            echo "check-concurrency: tsan needs 'rustup +nightly component add rust-src'" >&2
            failed+=(tsan); continue
        fi
        # std is rebuilt with the sanitizer, so its atomics (Arc, the
        # channels of the test harness) are seen too; the lock-free code is
        # ours, not a suppression list's.
        # allocator_may_return_null: the tests check that huge allocations
        # fail cleanly (ENOMEM), which the sanitizer would otherwise abort.
        RUSTFLAGS="-Zsanitizer=thread" RUSTDOCFLAGS="-Zsanitizer=thread" \
        TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1 second_deadlock_stack=1 allocator_may_return_null=1}" \
            cargo +nightly test -Zbuild-std --target "$host" -p ferromq \
            --target-dir target/tsan --lib --tests -- --test-threads=2 \
            || failed+=(tsan)
        ;;
    *)
        echo "check-concurrency: unknown check $check (loom, miri, tsan)" >&2; exit 2 ;;
    esac
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "check-concurrency: FAILED: ${failed[*]}"
    exit 1
fi
echo "check-concurrency: all passed (${want[*]})"
