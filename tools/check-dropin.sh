#!/usr/bin/env bash
# The drop-in contract, checked on the built library:
#  1. the shared library exports exactly what a libzmq 4.3.5 built with
#     --enable-drafts exports: the 70 stable functions (Debian's libzmq
#     4.3.4 exports the same 70; tools/libzmq-exports.txt) and the DRAFT
#     ones (tools/libzmq-draft-exports.txt), nothing else, and answers to
#     SONAME libzmq.so.5; a missing DRAFT function is named and fails;
#  2. `make install PREFIX=...` lays out lib/libzmq.so{,.5}, lib/libzmq.a,
#     include/zmq.h, include/zmq_utils.h and lib/pkgconfig/libzmq.pc;
#  3. a program built with pkg-config against the install runs, and so does
#     one linked statically against libzmq.a;
#  4. a program built against Debian's libzmq3-dev (its header, its .so) runs
#     unchanged on our libzmq.so.5 through LD_LIBRARY_PATH, and a DRAFT
#     program (-DZMQ_BUILD_DRAFT_API, our installed header) links, shared
#     and static, and runs, and so do cppzmq's DRAFT poller classes;
#  5. release artefacts: the shared library is stripped, its debug info split
#     to libzmq.so.5.2.5.debug behind a .gnu_debuglink; libzmq.a's only
#     global symbols are the zmq_* exports of 1. (no mi_* from the bundled
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
grep -v '^#' tools/libzmq-exports.txt | sort >"$WORK/stable.txt"
grep -v '^#' tools/libzmq-draft-exports.txt | sort >"$WORK/draft.txt"
[ "$(wc -l <"$WORK/stable.txt")" -eq 70 ] || fail "tools/libzmq-exports.txt does not list 70 functions"
sort -u "$WORK/stable.txt" "$WORK/draft.txt" >"$WORK/want.txt"
missing_stable=$(comm -23 "$WORK/stable.txt" "$WORK/ours.txt")
missing_draft=$(comm -23 "$WORK/draft.txt" "$WORK/ours.txt")
extra=$(comm -13 "$WORK/want.txt" "$WORK/ours.txt")
[ -z "$missing_stable" ] || fail "stable functions not exported: $(echo $missing_stable)"
[ -z "$extra" ] || fail "exported but not libzmq's: $(echo $extra)"
readelf -d "$LIB/libzmq.so.5" | grep -q 'SONAME.*\[libzmq.so.5\]' || fail "SONAME is not libzmq.so.5"
# A missing DRAFT function fails the check at the end, after the other
# checks ran on what is there.
deferred=""
if [ -n "$missing_draft" ]; then
  deferred="DRAFT functions of libzmq 4.3.5 not exported ($(echo "$missing_draft" | wc -l) of $(wc -l <"$WORK/draft.txt")): $(echo $missing_draft)"
  echo "check-dropin: FAIL (reported again at the end): $deferred" >&2
else
  ok "$(wc -l <"$WORK/ours.txt") exported functions: libzmq 4.3.5's 70 stable and $(wc -l <"$WORK/draft.txt") DRAFT ones, nothing else; SONAME libzmq.so.5"
fi

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

# 4b. a DRAFT program: compiled with -DZMQ_BUILD_DRAFT_API against the
# installed header, it takes the address of every DRAFT function the
# library exports (so linking needs them all, with their declared types)
# and runs a poller round trip; shared (bound at load, -z now) and static.
{
  echo '#include <zmq.h>'
  echo '#include <string.h>'
  echo 'void (*const draft_functions[]) (void) = {'
  comm -12 "$WORK/draft.txt" "$WORK/ours.txt" | sed 's/.*/    (void (*) (void)) \&&,/'
  echo '    0};'
  cat <<'C'
int main(void) {
    void *ctx = zmq_ctx_new();
    void *a = zmq_socket(ctx, ZMQ_PAIR), *b = zmq_socket(ctx, ZMQ_PAIR);
    void *poller = zmq_poller_new();
    zmq_poller_event_t ev;
    char buf[16] = {0};
    if (!zmq_has("draft") || !poller) return 2;
    if (zmq_bind(a, "inproc://draft-probe") || zmq_connect(b, "inproc://draft-probe")) return 3;
    if (zmq_poller_add(poller, a, b, ZMQ_POLLIN)) return 4;
    if (zmq_send(b, "ping", 4, 0) != 4) return 5;
    if (zmq_poller_wait(poller, &ev, 5000) || ev.socket != a || ev.user_data != b || ev.events != ZMQ_POLLIN) return 6;
    if (zmq_recv(a, buf, sizeof buf, 0) != 4 || strcmp(buf, "ping")) return 7;
    if (zmq_poller_wait(poller, &ev, 0) != -1 || zmq_errno() != EAGAIN) return 8;
    if (zmq_poller_destroy(&poller) || poller) return 9;
    zmq_close(a); zmq_close(b); zmq_ctx_term(ctx);
    return draft_functions[0] ? 0 : 10;
}
C
} >"$WORK/draft.c"
cc $cflags -DZMQ_BUILD_DRAFT_API -std=c99 -Wall -Werror -o "$WORK/draft-shared" "$WORK/draft.c" $libs -Wl,-z,now \
  || fail "a DRAFT program does not compile and link against the installed header and library"
LD_LIBRARY_PATH="$WORK/prefix/lib" "$WORK/draft-shared" || fail "the DRAFT program fails on the installed library (exit $?)"
cc $cflags -DZMQ_BUILD_DRAFT_API -std=c99 -Wall -Werror -o "$WORK/draft-static" "$WORK/draft.c" "$WORK/prefix/lib/libzmq.a" $static_libs \
  || fail "a DRAFT program does not link statically against libzmq.a"
env -u LD_LIBRARY_PATH "$WORK/draft-static" || fail "the static DRAFT program fails (exit $?)"
ok "a DRAFT program (-DZMQ_BUILD_DRAFT_API, every exported DRAFT function referenced) links, shared and static, and runs"

# 4c. cppzmq's DRAFT poller classes (Debian's cppzmq-dev: zmq::poller_t over
# zmq_poller_*, zmq::active_poller_t) on the installed header and library.
[ -e /usr/include/zmq.hpp ] || fail "cppzmq-dev is not installed (tools/install-deps.sh)"
cat >"$WORK/cppzmq-poller.cpp" <<'CPP'
#include <zmq.hpp>
#include <zmq_addon.hpp>
#include <chrono>
int main() {
    zmq::context_t ctx;
    zmq::socket_t a(ctx, zmq::socket_type::pair), b(ctx, zmq::socket_type::pair);
    a.bind("inproc://cppzmq-poller");
    b.connect("inproc://cppzmq-poller");
    zmq::poller_t<int> poller;
    int tag = 42;
    poller.add(a, zmq::event_flags::pollin, &tag);
    std::vector<zmq::poller_event<int>> events(2);
    if (poller.wait_all(events, std::chrono::milliseconds(0)) != 0) return 2;
    b.send(zmq::str_buffer("hi"), zmq::send_flags::none);
    if (poller.wait_all(events, std::chrono::milliseconds(5000)) != 1) return 3;
    if (events[0].user_data != &tag || events[0].socket != a) return 4;
    zmq::message_t m;
    if (!a.recv(m) || m.to_string() != "hi") return 5;
    poller.remove(a);
    if (poller.size() != 0) return 6;
    zmq::active_poller_t ap;
    int got = 0;
    ap.add(a, zmq::event_flags::pollin, [&](zmq::event_flags) { if (a.recv(m)) got++; });
    b.send(zmq::str_buffer("x"), zmq::send_flags::none);
    if (ap.wait(std::chrono::milliseconds(5000)) != 1 || got != 1) return 7;
    return 0;
}
CPP
c++ -std=c++17 $cflags -DZMQ_BUILD_DRAFT_API -Wall -Werror -o "$WORK/cppzmq-poller" "$WORK/cppzmq-poller.cpp" $libs \
  || fail "cppzmq's DRAFT poller does not build against the installed header and library"
LD_LIBRARY_PATH="$WORK/prefix/lib" "$WORK/cppzmq-poller" || fail "cppzmq's poller_t/active_poller_t fail on ours (exit $?)"
ok "cppzmq's DRAFT zmq::poller_t and zmq::active_poller_t build and run on ours"

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
# Bounds above today's sizes (2.8 MB, 6.1 MB since wss brought rustls and
# ring, about 0.9 MB of code), far below an unstripped build's (20 MB,
# 50 MB): they catch debug info or a whole std coming back.
[ "$so_size" -lt 4000000 ] || fail "libzmq.so.5.2.5 is $so_size bytes"
[ "$a_size" -lt 9000000 ] || fail "libzmq.a is $a_size bytes"
nm -g --defined-only "$LIB/libzmq.a" | awk 'NF == 3 {print $3}' | sort >"$WORK/a-globals.txt"
if ! diff -u "$WORK/ours.txt" "$WORK/a-globals.txt" >"$WORK/a.diff"; then
  head -20 "$WORK/a.diff"
  grep -c '^+mi_' "$WORK/a.diff" | sed 's/^/mi_* symbols: /'
  grep -cE '^\+(_ZN|_R)' "$WORK/a.diff" | sed 's/^/Rust mangled symbols: /'
  fail "libzmq.a's global symbols are not exactly the shared library's zmq_* exports"
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
ok "libzmq.so.5.2.5 stripped, $so_size bytes (+ $(stat -c %s "$LIB/libzmq.so.5.2.5.debug") bytes of split debug info, build id $id_so); libzmq.a $a_size bytes, its only globals the $(wc -l <"$WORK/ours.txt") zmq_* exports"

make -s install-debug PREFIX="$WORK/prefix" >/dev/null
[ -s "$WORK/prefix/lib/.debug/libzmq.so.5.2.5.debug" ] || fail "make install-debug did not install the debug file"
make -s uninstall PREFIX="$WORK/prefix" >/dev/null
left=$(find "$WORK/prefix" -type f -o -type l)
[ -z "$left" ] || fail "make uninstall left: $left"
ok "make install-debug, make uninstall (nothing left behind)"

[ -z "$deferred" ] || fail "$deferred"
