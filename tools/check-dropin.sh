#!/usr/bin/env bash
# The drop-in contract, checked on the built library:
#  1. the shared library exports exactly libzmq 4.3.4's 70 functions and
#     answers to SONAME libzmq.so.5;
#  2. `make install PREFIX=...` lays out lib/libzmq.so{,.5}, lib/libzmq.a,
#     include/zmq.h, include/zmq_utils.h and lib/pkgconfig/libzmq.pc;
#  3. a program built with pkg-config against the install runs, and so does
#     one linked statically against libzmq.a;
#  4. a program built against Debian's libzmq3-dev (its header, its .so) runs
#     unchanged on our libzmq.so.5 through LD_LIBRARY_PATH;
#  5. release artefacts: the shared library is stripped, its debug info split
#     to libzmq.so.5.2.5.debug behind a .gnu_debuglink; libzmq.a's only
#     global symbols are the 70 zmq_* functions (no mi_* from the bundled
#     allocator, no Rust symbol), so a program defining its own mi_malloc
#     links; make uninstall removes what make install and install-debug put.
set -eu
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
LIB=$ROOT/build/lib
WORK=$(mktemp -d /tmp/fmq-dropin.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "check-dropin: FAIL: $*" >&2; exit 1; }
ok() { echo "check-dropin: ok - $*"; }

# 1. exports and SONAME
nm -D --defined-only "$LIB/libzmq.so.5" | awk '$2 == "T" {print $3}' | sort >"$WORK/ours.txt"
sort tools/libzmq-exports.txt >"$WORK/want.txt"
diff -u "$WORK/want.txt" "$WORK/ours.txt" >"$WORK/exports.diff" || { cat "$WORK/exports.diff"; fail "exported functions differ from libzmq 4.3.4"; }
readelf -d "$LIB/libzmq.so.5" | grep -q 'SONAME.*\[libzmq.so.5\]' || fail "SONAME is not libzmq.so.5"
ok "$(wc -l <"$WORK/ours.txt") exported functions, identical to libzmq 4.3.4's; SONAME libzmq.so.5"

# 2. install layout
make -s install PREFIX="$WORK/prefix" >/dev/null
for f in lib/libzmq.so.5 lib/libzmq.so lib/libzmq.a include/zmq.h include/zmq_utils.h lib/pkgconfig/libzmq.pc; do
  [ -e "$WORK/prefix/$f" ] || fail "make install did not create $f"
done
[ -L "$WORK/prefix/lib/libzmq.so" ] || fail "lib/libzmq.so is not a link"
ok "make install PREFIX=DIR layout"

# The probe program: one round trip, then prints the libzmq it mapped.
cat >"$WORK/probe.c" <<'C'
#include <zmq.h>
#include <stdio.h>
#include <string.h>
int main(void) {
    void *ctx = zmq_ctx_new();
    void *a = zmq_socket(ctx, ZMQ_PAIR), *b = zmq_socket(ctx, ZMQ_PAIR);
    char buf[16] = {0}, line[4096];
    int t = 5000;
    zmq_setsockopt(b, ZMQ_RCVTIMEO, &t, sizeof t);
    if (zmq_bind(a, "inproc://probe") || zmq_connect(b, "inproc://probe")) return 2;
    if (zmq_send(a, "ping", 4, 0) != 4 || zmq_recv(b, buf, sizeof buf, 0) != 4 || strcmp(buf, "ping")) return 3;
    zmq_close(a); zmq_close(b); zmq_ctx_term(ctx);
    FILE *m = fopen("/proc/self/maps", "r");
    int found = 0;
    while (m && fgets(line, sizeof line, m))
        if (strstr(line, "libzmq")) { printf("%s", strchr(line, '/')); found = 1; break; }
    return found ? 0 : 4;
}
C

# 3a. pkg-config build against the install
cflags=$(PKG_CONFIG_PATH="$WORK/prefix/lib/pkgconfig" pkg-config --cflags libzmq)
libs=$(PKG_CONFIG_PATH="$WORK/prefix/lib/pkgconfig" pkg-config --libs libzmq)
cc $cflags -o "$WORK/probe-pc" "$WORK/probe.c" $libs
mapped=$(LD_LIBRARY_PATH="$WORK/prefix/lib" "$WORK/probe-pc") || fail "pkg-config build failed to run"
case "$mapped" in "$WORK/prefix/lib/"*) ;; *) fail "pkg-config build mapped $mapped";; esac
ok "pkg-config --cflags --libs libzmq build runs on the installed library"
# The README's recipe: with an rpath, no LD_LIBRARY_PATH is needed.
cc $cflags -o "$WORK/probe-rpath" "$WORK/probe.c" $libs -Wl,-rpath,"$WORK/prefix/lib"
mapped=$(env -u LD_LIBRARY_PATH "$WORK/probe-rpath") || fail "rpath build failed to run"
case "$mapped" in "$WORK/prefix/lib/"*) ;; *) fail "rpath build mapped $mapped";; esac
ok "pkg-config build with -Wl,-rpath runs on the installed library without LD_LIBRARY_PATH"

# 3b. static link
static_libs=$(PKG_CONFIG_PATH="$WORK/prefix/lib/pkgconfig" pkg-config --static --libs-only-l libzmq | sed 's/-lzmq//')
cc $cflags -o "$WORK/probe-static" "$WORK/probe.c" "$WORK/prefix/lib/libzmq.a" $static_libs
ldd "$WORK/probe-static" | grep -q libzmq && fail "static build still needs a shared libzmq"
# It maps no libzmq at all, so the probe's exit code 4 ("no libzmq mapped")
# is the expected success here; anything else is a failure.
rc=0; env -u LD_LIBRARY_PATH "$WORK/probe-static" >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 4 ] || fail "static build failed (exit $rc)"
ok "static link against libzmq.a runs (no shared libzmq needed)"

# 4. a binary built against Debian's libzmq3-dev, run on ours
sys_so=$(readlink -f /usr/lib/x86_64-linux-gnu/libzmq.so.5 2>/dev/null || true)
[ -e /usr/include/zmq.h ] && [ -n "$sys_so" ] || fail "libzmq3-dev is not installed (tools/install-deps.sh)"
cc -I/usr/include -o "$WORK/probe-deb" "$WORK/probe.c" /usr/lib/x86_64-linux-gnu/libzmq.so
mapped=$(env -u LD_LIBRARY_PATH "$WORK/probe-deb") || fail "Debian build fails on Debian's libzmq"
[ "$mapped" = "$sys_so" ] || fail "Debian build mapped $mapped"
mapped=$(LD_LIBRARY_PATH="$LIB" "$WORK/probe-deb") || fail "a binary built against libzmq3-dev fails on ours"
case "$(readlink -f "$mapped")" in "$(readlink -f "$LIB")"/*) ;; *) fail "LD_LIBRARY_PATH build mapped $mapped";; esac
ok "a binary built against Debian's libzmq3-dev runs unchanged on ours (mapped $mapped)"

# 5. release artefacts
so=$(readlink -f "$LIB/libzmq.so.5")
readelf -S -W "$so" | grep -qE ' \.(symtab|debug_[a-z]+) ' && fail "libzmq.so.5.2.5 is not stripped"
link=$(readelf -p .gnu_debuglink "$so" 2>/dev/null | grep -o 'libzmq\.so\.5\.2\.5\.debug' || true)
[ -n "$link" ] && [ -s "$LIB/libzmq.so.5.2.5.debug" ] || fail "no .gnu_debuglink to libzmq.so.5.2.5.debug"
readelf -S -W "$LIB/libzmq.so.5.2.5.debug" | grep -q ' \.debug_info ' || fail "libzmq.so.5.2.5.debug has no debug info"
id_so=$(readelf -n "$so" | awk '/Build ID/ {print $3}')
id_dbg=$(readelf -n "$LIB/libzmq.so.5.2.5.debug" | awk '/Build ID/ {print $3}')
[ -n "$id_so" ] && [ "$id_so" = "$id_dbg" ] || fail "debug file's build id ($id_dbg) is not the library's ($id_so)"
so_size=$(stat -c %s "$so"); a_size=$(stat -c %s "$LIB/libzmq.a")
# Bounds well above today's sizes (1.1 MB, 2.6 MB), far below an unstripped
# build's (10 MB, 40 MB): they catch debug info or a whole std coming back.
[ "$so_size" -lt 3000000 ] || fail "libzmq.so.5.2.5 is $so_size bytes"
[ "$a_size" -lt 6000000 ] || fail "libzmq.a is $a_size bytes"
nm -g --defined-only "$LIB/libzmq.a" | awk 'NF == 3 {print $3}' | sort >"$WORK/a-globals.txt"
if ! diff -u "$WORK/want.txt" "$WORK/a-globals.txt" >"$WORK/a.diff"; then
  head -20 "$WORK/a.diff"
  grep -c '^+mi_' "$WORK/a.diff" | sed 's/^/mi_* symbols: /'
  grep -cE '^\+(_ZN|_R)' "$WORK/a.diff" | sed 's/^/Rust mangled symbols: /'
  fail "libzmq.a's global symbols are not exactly the 70 zmq_* functions"
fi
# An application with its own allocator named like mimalloc's links and runs.
cat >"$WORK/own-mi.c" <<'C'
#include <stddef.h>
#include <stdlib.h>
void *mi_malloc(size_t n) { return malloc(n); }
void mi_free(void *p) { free(p); }
void *__rust_alloc(size_t n, size_t a) { (void) a; return malloc(n); }
C
cc $cflags -o "$WORK/probe-static-mi" "$WORK/probe.c" "$WORK/own-mi.c" "$WORK/prefix/lib/libzmq.a" $static_libs \
  || fail "a program defining mi_malloc/mi_free/__rust_alloc does not link with libzmq.a"
rc=0; env -u LD_LIBRARY_PATH "$WORK/probe-static-mi" >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 4 ] || fail "static build with its own mi_malloc failed (exit $rc)"
ok "libzmq.so.5.2.5 stripped, $so_size bytes (+ $(stat -c %s "$LIB/libzmq.so.5.2.5.debug") bytes of split debug info, build id $id_so); libzmq.a $a_size bytes, its only globals the 70 zmq_* functions"

make -s install-debug PREFIX="$WORK/prefix" >/dev/null
[ -s "$WORK/prefix/lib/.debug/libzmq.so.5.2.5.debug" ] || fail "make install-debug did not install the debug file"
make -s uninstall PREFIX="$WORK/prefix" >/dev/null
left=$(find "$WORK/prefix" -type f -o -type l)
[ -z "$left" ] || fail "make uninstall left: $left"
ok "make install-debug, make uninstall (nothing left behind)"
