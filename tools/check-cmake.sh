#!/usr/bin/env bash
# The CMake package (PREFIX/lib/cmake/ZeroMQ) through cppzmq's own consumer
# path: Debian's cppzmq-dev ships cppzmqConfig.cmake, whose
# find_package(ZeroMQ) must find OUR ZeroMQConfig.cmake (not its
# pkg-config fallback, which would find Debian's libzmq) and whose cppzmq /
# cppzmq-static targets link our libzmq / libzmq-static.
#  1. cppzmq's shipped examples (/usr/share/doc/cppzmq-dev/examples) configure,
#     build and run; their RUNPATH and ldd point at our installed libzmq.so.5;
#  2. a program linked to cppzmq-static runs with no shared libzmq mapped,
#     reports version 4.3.5 (Debian's libzmq.a is 4.3.4) and holds ferromq's
#     code; the one linked to cppzmq maps our libzmq.so.5;
#  3. find_package(ZeroMQ 4.3 CONFIG) succeeds, find_package(ZeroMQ 4.4 CONFIG)
#     does not (ZeroMQConfigVersion.cmake).
set -eu
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
WORK=$(mktemp -d /tmp/fmq-cmake.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "check-cmake: FAIL: $*" >&2; exit 1; }
ok() { echo "check-cmake: ok - $*"; }
command -v cmake >/dev/null || fail "cmake is not installed (make deps)"
[ -e /usr/share/cmake/cppzmq/cppzmqConfig.cmake ] || fail "cppzmq-dev is not installed (make deps)"

P=$WORK/prefix
make -s install PREFIX="$P" >/dev/null 2>&1 || fail "make install"
for f in ZeroMQConfig.cmake ZeroMQConfigVersion.cmake; do
  [ -e "$P/lib/cmake/ZeroMQ/$f" ] || fail "make install did not create lib/cmake/ZeroMQ/$f"
done
ourso=$(readlink -f "$P/lib/libzmq.so.5")

configure() { # srcdir builddir [extra args]
  local src=$1 bld=$2; shift 2
  cmake -S "$src" -B "$bld" -DCMAKE_PREFIX_PATH="$P" -DCMAKE_BUILD_TYPE=Release "$@" >"$bld.log" 2>&1 \
    || { tail -30 "$bld.log"; return 1; }
}

# 1. cppzmq's own examples, unchanged.
cp -r /usr/share/doc/cppzmq-dev/examples "$WORK/examples"
find "$WORK/examples" -name '*.gz' -exec gunzip {} +
configure "$WORK/examples" "$WORK/ex-build" || fail "cppzmq examples do not configure against our install"
grep -q "^ZeroMQ_DIR:PATH=$P/lib/cmake/ZeroMQ\$" "$WORK/ex-build/CMakeCache.txt" \
  || fail "cppzmq's find_package(ZeroMQ) did not pick our ZeroMQConfig.cmake: $(grep ZeroMQ_DIR "$WORK/ex-build/CMakeCache.txt")"
cmake --build "$WORK/ex-build" -j2 >"$WORK/ex-make.log" 2>&1 || { tail -30 "$WORK/ex-make.log"; fail "cppzmq examples do not build"; }
for ex in hello_world multipart_messages; do
  bin=$WORK/ex-build/bin/$ex
  [ -x "$bin" ] || fail "no $ex built"
  readelf -d "$bin" | grep -E 'RUNPATH|RPATH' | grep -q "$P/lib" || fail "$ex has no RUNPATH to $P/lib"
  mapped=$(env -u LD_LIBRARY_PATH ldd "$bin" | awk '$1 == "libzmq.so.5" {print $3}')
  [ "$(readlink -f "$mapped")" = "$ourso" ] || fail "$ex loads $mapped, not ours"
  env -u LD_LIBRARY_PATH timeout 20 "$bin" >"$WORK/$ex.out" 2>&1 || fail "$ex failed: $(cat "$WORK/$ex.out")"
done
grep -q 'Got 2 messages' "$WORK/multipart_messages.out" || fail "multipart_messages: $(cat "$WORK/multipart_messages.out")"
ok "cppzmq's examples (find_package(cppzmq) -> cppzmq -> libzmq) build and run on our libzmq.so.5 (RUNPATH $P/lib)"

# 2. cppzmq and cppzmq-static, each proving which library it runs on.
mkdir -p "$WORK/consumer"
cat >"$WORK/consumer/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.13)
project(ferromq-cmake-consumer CXX)
find_package(cppzmq REQUIRED)
add_executable(probe-shared probe.cpp)
target_link_libraries(probe-shared PRIVATE cppzmq)
add_executable(probe-static probe.cpp)
target_link_libraries(probe-static PRIVATE cppzmq-static)
CM
cat >"$WORK/consumer/probe.cpp" <<'CPP'
#include <zmq.hpp>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
int main() {
    zmq::context_t ctx;
    zmq::socket_t a(ctx, zmq::socket_type::pair), b(ctx, zmq::socket_type::pair);
    b.set(zmq::sockopt::rcvtimeo, 5000);
    a.bind("inproc://cmake-probe");
    b.connect("inproc://cmake-probe");
    a.send(zmq::str_buffer("ping"), zmq::send_flags::none);
    zmq::message_t m;
    if (!b.recv(m) || m.to_string() != "ping") return 3;
    int maj, min, pat;
    zmq_version(&maj, &min, &pat);
    std::string lib = "none";
    std::ifstream maps("/proc/self/maps");
    for (std::string line; std::getline(maps, line);)
        if (line.find("libzmq") != std::string::npos) { lib = line.substr(line.find('/')); break; }
    std::printf("%d.%d.%d %s\n", maj, min, pat, lib.c_str());
    return 0;
}
CPP
configure "$WORK/consumer" "$WORK/c-build" || fail "consumer does not configure"
cmake --build "$WORK/c-build" -j2 >"$WORK/c-make.log" 2>&1 || { tail -30 "$WORK/c-make.log"; fail "consumer does not build"; }
out=$(env -u LD_LIBRARY_PATH "$WORK/c-build/probe-shared") || fail "probe-shared failed"
[ "$(readlink -f "${out#* }")" = "$ourso" ] || fail "probe-shared (cppzmq) runs on ${out#* }"
ok "cppzmq target: $out"
out=$(env -u LD_LIBRARY_PATH "$WORK/c-build/probe-static") || fail "probe-static failed"
[ "$out" = "4.3.5 none" ] || fail "probe-static (cppzmq-static) reports '$out', want '4.3.5 none'"
ldd "$WORK/c-build/probe-static" | grep -q libzmq && fail "probe-static needs a shared libzmq"
grep -q 'ZMQ_STATIC' "$WORK/c-build/CMakeFiles/probe-static.dir/flags.make" || fail "libzmq-static does not define ZMQ_STATIC"
# Our code's panic locations name our sources; libzmq's have no such string.
grep -qa 'crates/ferromq' "$WORK/c-build/probe-static" || fail "probe-static does not hold ferromq's code"
ok "cppzmq-static target: statically linked ferromq $out (no shared libzmq)"

# 3. version requests
mkdir -p "$WORK/ver"
for want in 4.3:ok 4.3.5:ok 3.2:ok 4.4:no 5:no; do
  v=${want%:*}
  printf 'cmake_minimum_required(VERSION 3.13)\nproject(v C)\nfind_package(ZeroMQ %s CONFIG REQUIRED)\nif(NOT TARGET libzmq OR NOT TARGET libzmq-static)\n  message(FATAL_ERROR "targets missing")\nendif()\n' "$v" >"$WORK/ver/CMakeLists.txt"
  rm -rf "$WORK/ver-build"
  if configure "$WORK/ver" "$WORK/ver-build" >/dev/null; then got=ok; else got=no; fi
  [ "$got" = "${want#*:}" ] || fail "find_package(ZeroMQ $v CONFIG): got $got, want ${want#*:}"
done
ok "ZeroMQConfigVersion.cmake: 4.3, 4.3.5, 3.2 accepted; 4.4, 5 refused (we are 4.3.5)"
