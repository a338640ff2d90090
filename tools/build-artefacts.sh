#!/usr/bin/env bash
# Turns cargo's release output into libzmq-like release artefacts in build/lib:
#
#   libzmq.so.5.2.5        stripped (.symtab and debug info removed; the
#                          exports are in .dynsym), with a .gnu_debuglink to
#   libzmq.so.5.2.5.debug  its debug info (objcopy --only-keep-debug);
#                          `make install-debug` installs it
#   libzmq.so.5, libzmq.so links
#   libzmq.a               ONE relocatable object whose only global symbols
#                          are the zmq_* functions (the 70 stable and the
#                          DRAFT ones of tools/libzmq-draft-exports.txt):
#                          everything else (the Rust standard library, our
#                          crates, the bundled mimalloc allocator) is made
#                          local, so nothing of it can clash with an
#                          application's own symbols (another mimalloc,
#                          another Rust staticlib).
#
# The archive: `ld -r --gc-sections -u zmq_...` links the members cargo's
# staticlib needs for the exports into one object and drops the unused
# sections; objcopy removes the embedded LLVM bitcode (.llvmbc, garbage once
# merged: it crashes nm/ar's LTO plugin) and the debug info (Debian's static
# libraries carry none either), and localises every defined global but the
# exports (--keep-global-symbols). Undefined references (libc, libgcc_s's
# unwinder) stay as they are; pkg-config --static lists their libraries.
#
# Usage: tools/build-artefacts.sh CARGO_TARGET_DIR/release OUTDIR
set -eu
src=$1
out=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fmq-artefacts.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The exports: the 70 stable functions and libzmq 4.3.5's DRAFT ones, those
# of them the library defines (tools/check-dropin.sh fails if one is
# missing; a symbol forced with -u but never defined would otherwise be an
# undefined reference in libzmq.a).
exports=$tmp/exports.txt
nm -D --defined-only "$src/libzmq.so" | awk '$2 == "T" {print $3}' | sort -u >"$tmp/defined.txt"
grep -hv '^#' "$here/libzmq-exports.txt" "$here/libzmq-draft-exports.txt" | sort -u |
  comm -12 - "$tmp/defined.txt" >"$exports"

# Shared library.
so=$out/libzmq.so.5.2.5
cp -f "$src/libzmq.so" "$tmp/libzmq.so.5.2.5"
objcopy --only-keep-debug "$tmp/libzmq.so.5.2.5" "$tmp/libzmq.so.5.2.5.debug"
strip --strip-unneeded --remove-section=.comment "$tmp/libzmq.so.5.2.5"
# The debuglink records the debug file's name and CRC; gdb looks for it next
# to the library, in .debug/ below it, and under /usr/lib/debug.
(cd "$tmp" && objcopy --add-gnu-debuglink=libzmq.so.5.2.5.debug libzmq.so.5.2.5)
chmod 644 "$tmp/libzmq.so.5.2.5.debug"
mv -f "$tmp/libzmq.so.5.2.5" "$so"
mv -f "$tmp/libzmq.so.5.2.5.debug" "$so.debug"
ln -sf libzmq.so.5.2.5 "$out/libzmq.so.5"
ln -sf libzmq.so.5 "$out/libzmq.so"

# Static archive.
undef=()
while read -r sym; do [ -n "$sym" ] && undef+=(-u "$sym"); done <"$exports"
ld -r --gc-sections "${undef[@]}" "$src/libzmq.a" -o "$tmp/libzmq-all.o"
objcopy --remove-section=.llvmbc --remove-section=.llvmcmd --strip-debug \
  --keep-global-symbols="$exports" "$tmp/libzmq-all.o" "$tmp/libzmq.o"
rm -f "$tmp/libzmq.a"
ar rcD "$tmp/libzmq.a" "$tmp/libzmq.o"
mv -f "$tmp/libzmq.a" "$out/libzmq.a"
