#!/usr/bin/env bash
# tools/valgrind.sh - run the C tests on ferromq under valgrind (memcheck).
#
# usage: tools/valgrind.sh [c-tests/run.sh arguments: -j N, FILTER...]
#
# Builds libzmq.so without mimalloc (`--no-default-features`: mimalloc takes
# its memory with mmap, so valgrind could not see our allocations) into
# build/valgrind/lib, then runs c-tests/run.sh --ours-only with every test
# under
#   valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect
#            --error-exitcode=99 --track-origins=yes
# so an invalid read or write, a use of uninitialised memory or a definite or
# indirect leak fails the test (exit 99), like a failed assertion.  Logs are
# in build/valgrind/c-tests/logs/.  Slow (about 20x): `make valgrind`, not
# part of `make test`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind not found (apt-get install valgrind)" >&2; exit 2; }

out="$root/build/valgrind"
tgt="$root/target/valgrind"
cargo build --release -p ferromq-capi --no-default-features --target-dir "$tgt"
mkdir -p "$out/lib"
cp -f "$tgt/release/libzmq.so" "$out/lib/libzmq.so.5.2.5"
ln -sf libzmq.so.5.2.5 "$out/lib/libzmq.so.5"
ln -sf libzmq.so.5 "$out/lib/libzmq.so"

export FERROMQ_LIBDIR="$out/lib"
export C_TESTS_OUT="$out/c-tests"
export TEST_TIMEOUT="${TEST_TIMEOUT:-600}"
export RUN_WRAPPER="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
--errors-for-leak-kinds=definite,indirect --error-exitcode=99 --track-origins=yes"
exec c-tests/run.sh --ours-only "$@"
