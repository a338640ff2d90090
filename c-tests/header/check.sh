#!/usr/bin/env bash
# c-tests/header/check.sh: is include/zmq.h a drop-in for libzmq's zmq.h?
#
# Compares ferromq's header with the system libzmq's (Debian libzmq3-dev,
# 4.3.4; its stable API is 4.3.5's) and, for the draft section, with libzmq
# 4.3.5's draft constants and prototypes recorded in draft-4.3.5.values and
# draft-4.3.5.protos. Exits non-zero if any check fails.
#
# Environment:
#   REF_H           libzmq's zmq.h            (default /usr/include/zmq.h)
#   OUR_INC         our include directory     (default <repo>/include)
#   FERROMQ_LIBDIR  directory of our libzmq.so, to link against
#                   (default <repo>/build/lib, then <repo>/target/release;
#                   the link check is skipped if none has libzmq.so)
#   SKIP_CARGO=1    skip the genheader determinism check
#   CC, CXX         compilers (default cc, c++)

set -u
export LC_ALL=C

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
REF_H=${REF_H:-/usr/include/zmq.h}
OUR_INC=${OUR_INC:-$ROOT/include}
OUR_H=$OUR_INC/zmq.h
CC=${CC:-cc}
CXX=${CXX:-c++}
export CC
TOOL="python3 $HERE/hdrtool.py"
DRAFT=-DZMQ_BUILD_DRAFT_API

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# libzmq's header alone in a directory, to compile the same sources against.
mkdir -p "$TMP/ref"
ln -s "$(readlink -f "$REF_H")" "$TMP/ref/zmq.h"
REF_INC=$TMP/ref

passed=0
failed=0
skipped=0

# check NAME COMMAND...: run a check; its output is shown only on failure.
check() {
    local name=$1
    shift
    if "$@" >"$TMP/out" 2>&1; then
        echo "ok - $name"
        passed=$((passed + 1))
    else
        echo "FAIL - $name"
        sed 's/^/    /' "$TMP/out" | head -60
        failed=$((failed + 1))
    fi
}

skip() {
    echo "skip - $1 ($2)"
    skipped=$((skipped + 1))
}

for f in "$REF_H" "$OUR_H" "$OUR_INC/zmq_utils.h"; do
    [ -f "$f" ] || { echo "check.sh: $f not found" >&2; exit 2; }
done

CWARN="-Wall -Wextra -pedantic -Werror"

# --- 1. The committed header is what genheader produces, every time. --------

determinism() (
    cd "$ROOT" || exit 1
    cargo run --quiet --profile tool -p genheader -- "$TMP/gen1.h" || exit 1
    cargo run --quiet --profile tool -p genheader -- "$TMP/gen2.h" || exit 1
    cmp "$TMP/gen1.h" "$TMP/gen2.h" || { echo "two runs differ"; exit 1; }
    diff -u "$OUR_H" "$TMP/gen1.h" || { echo "include/zmq.h is stale: run make header"; exit 1; }
)
if [ "${SKIP_CARGO:-0}" = 1 ] || ! command -v cargo >/dev/null; then
    skip "genheader is deterministic and include/zmq.h is current" "no cargo"
else
    check "genheader is deterministic and include/zmq.h is current" determinism
fi

# --- 2. It compiles cleanly: C and C++, with and without the draft API. -----

printf '#include <zmq.h>\n#include <zmq.h>\nint main (void) { return 0; }\n' >"$TMP/empty.c"
for std in c89 c99 c11; do
    for d in "" "$DRAFT"; do
        check "compiles: $CC -std=$std $CWARN -Wundef -Wstrict-prototypes ${d:+$d}" \
            "$CC" -std=$std $CWARN -Wundef -Wstrict-prototypes $d -I"$OUR_INC" \
            -c "$TMP/empty.c" -o "$TMP/empty.o"
    done
done
for std in c++98 c++11 c++17; do
    for d in "" "$DRAFT"; do
        check "compiles: $CXX -std=$std $CWARN -Wundef ${d:+$d}" \
            "$CXX" -x c++ -std=$std $CWARN -Wundef $d -I"$OUR_INC" \
            -c "$TMP/empty.c" -o "$TMP/empty.o"
    done
done

# --- 3. Types: zmq_msg_t, zmq_pollitem_t, callbacks, poller event. -----------

types_same() {
    local d=$1
    "$CC" -std=gnu11 $CWARN $d -I"$OUR_INC" "$HERE/types.c" -o "$TMP/types.ours" || return 1
    "$CC" -std=gnu11 $CWARN $d -I"$REF_INC" "$HERE/types.c" -o "$TMP/types.ref" || return 1
    "$TMP/types.ours" >"$TMP/types.ours.txt" && "$TMP/types.ref" >"$TMP/types.ref.txt" || return 1
    diff -u "$TMP/types.ref.txt" "$TMP/types.ours.txt"
}
check "types: layout and callback function types (C, same as libzmq)" types_same ""
check "types: with the draft API (zmq_poller_event_t)" types_same "$DRAFT"
check "types: as C++ sees them" \
    "$CXX" -std=c++11 $CWARN -I"$OUR_INC" -c "$HERE/types.cpp" -o "$TMP/types.o"
check "types: the C++ check also holds for libzmq's header" \
    "$CXX" -std=c++11 $CWARN -I"$REF_INC" -c "$HERE/types.cpp" -o "$TMP/types.o"

# --- 4. Functions: the 70 stable prototypes, as libzmq declares them. --------

# libzmq 4.3.4 and 4.3.5 declare the same 70 stable functions (checked when
# draft-4.3.5.* were recorded). `struct zmq_pollitem_t` is zmq_pollitem_t
# (types.c checks that), cbindgen just spells the tag.
protos_stable() {
    $TOOL protos "$REF_H" >"$TMP/p.ref" || return 1
    $TOOL protos "$OUR_H" | sed 's/struct zmq_pollitem_t/zmq_pollitem_t/g' >"$TMP/p.ours" || return 1
    [ "$(wc -l <"$TMP/p.ref")" -eq 70 ] || { echo "libzmq's header: not 70 functions?"; return 1; }
    diff -u "$TMP/p.ref" "$TMP/p.ours"
}
check "prototypes: the 70 stable functions, same types spelled the same way" protos_stable

check "prototypes: every function is declared with ZMQ_EXPORT (default visibility)" \
    bash -c "out=\$($TOOL hidden '$OUR_H' $DRAFT) && [ -z \"\$out\" ] || { echo \"\$out\"; exit 1; }"

# Redeclaring each function exactly as libzmq's header declares it must be
# accepted: C and C++ both reject a conflicting redeclaration of a C function.
make_redecl() {
    local out=$1
    shift
    {
        echo '#include <zmq.h>'
        echo '#ifdef __cplusplus'
        echo 'extern "C" {'
        echo '#endif'
        $TOOL decls "$REF_H" "$@" || return 1
        echo '#ifdef __cplusplus'
        echo '}'
        echo '#endif'
        echo 'int main (void) { return 0; }'
    } >"$out"
}
make_redecl "$TMP/redecl.c" || exit 2
make_redecl "$TMP/redecl_draft.c" "$DRAFT" || exit 2
check "redeclaring libzmq's 70 declarations is accepted (C)" \
    "$CC" -std=c99 $CWARN -I"$OUR_INC" -c "$TMP/redecl.c" -o "$TMP/x.o"
check "redeclaring libzmq's 70 declarations is accepted (C++)" \
    "$CXX" -x c++ -std=c++11 $CWARN -I"$OUR_INC" -c "$TMP/redecl.c" -o "$TMP/x.o"
check "redeclaring libzmq 4.3.4's stable and draft declarations, with the draft API (C)" \
    "$CC" -std=c99 $CWARN $DRAFT -I"$OUR_INC" -c "$TMP/redecl_draft.c" -o "$TMP/x.o"
check "redeclaring libzmq 4.3.4's stable and draft declarations, with the draft API (C++)" \
    "$CXX" -x c++ -std=c++11 $CWARN $DRAFT -I"$OUR_INC" -c "$TMP/redecl_draft.c" -o "$TMP/x.o"

# Each function assigned to a pointer of the type libzmq's prototype spells.
{
    echo '#include <zmq.h>'
    $TOOL decls "$REF_H" | sed -E 's/\b(zmq_[a-z0-9_]+) ?\((.*)\);$/(*const p_\1) (\2) = \1;/'
    echo 'int main (void) { return 0; }'
} >"$TMP/ptrs.c"
check "each function converts to a pointer of libzmq's declared type" \
    "$CC" -std=c99 $CWARN -Werror=incompatible-pointer-types -Werror=discarded-qualifiers \
    -Wno-unused-variable -I"$OUR_INC" -c "$TMP/ptrs.c" -o "$TMP/x.o"

# Everything the header declares, by kind and name: nothing missing, nothing
# extra (a `pub` item cbindgen picks up would show here).
names_stable() {
    $TOOL names "$REF_H" >"$TMP/n.ref" && $TOOL names "$OUR_H" >"$TMP/n.ours" || return 1
    diff -u "$TMP/n.ref" "$TMP/n.ours"
}
check "names: the same macros, functions, typedefs and struct tags as libzmq" names_stable

names_draft() {
    $TOOL names "$OUR_H" >"$TMP/nd.st" && $TOOL names "$OUR_H" $DRAFT >"$TMP/nd.dr" || return 1
    {
        sed -E 's/=.*//; s/^/macro /' "$HERE/draft-4.3.5.values"
        sed -E 's/ \(.*//; s/^/func /' "$HERE/draft-4.3.5.protos"
        printf 'struct zmq_poller_event_t\ntypedef zmq_poller_event_t\n'
    } | sort >"$TMP/nd.want"
    comm -13 "$TMP/nd.st" "$TMP/nd.dr" | diff -u "$TMP/nd.want" -
}
check "names: ZMQ_BUILD_DRAFT_API adds exactly libzmq 4.3.5's draft names" names_draft

# --- 5. Constants: every macro of libzmq's stable section, same value. -------

macros_stable() {
    $TOOL macros "$REF_H" >"$TMP/m.ref" || return 1
    $TOOL macros "$OUR_H" >"$TMP/m.ours" || return 1
    sort -u "$TMP/m.ref" "$TMP/m.ours" >"$TMP/m.all"
    [ "$(wc -l <"$TMP/m.ref")" -gt 190 ] || { echo "too few macros read from $REF_H"; return 1; }
    for side in ref ours; do
        local inc=$REF_INC h=$REF_H
        [ $side = ours ] && inc=$OUR_INC h=$OUR_H
        $TOOL values "$h" "$TMP/m.all" >"$TMP/v.$side.c" || return 1
        "$CC" -std=c99 -Wall -Werror -I"$inc" "$TMP/v.$side.c" -o "$TMP/v.$side" || return 1
        "$TMP/v.$side" >"$TMP/v.$side.txt" || return 1
    done
    # The one intended difference: we implement 4.3.5, the reference is 4.3.4.
    grep -qx 'ZMQ_VERSION_PATCH=5' "$TMP/v.ours.txt" || { echo "ZMQ_VERSION_PATCH is not 5"; return 1; }
    grep -qx 'ZMQ_VERSION=40305' "$TMP/v.ours.txt" || { echo "ZMQ_VERSION is not 40305"; return 1; }
    diff -u <(grep -Ev '^ZMQ_VERSION(_PATCH)?=' "$TMP/v.ref.txt") \
        <(grep -Ev '^ZMQ_VERSION(_PATCH)?=' "$TMP/v.ours.txt")
}
check "constants: every stable macro of libzmq's zmq.h, same value (but VERSION 4.3.5)" macros_stable

# The #ifndef errno fallbacks, as a platform without those errno values sees
# them: <errno.h> is included first and the names removed.
FALLBACKS="ENOTSUP EPROTONOSUPPORT ENOBUFS ENETDOWN EADDRINUSE EADDRNOTAVAIL
ECONNREFUSED EINPROGRESS ENOTSOCK EMSGSIZE EAFNOSUPPORT ENETUNREACH
ECONNABORTED ECONNRESET ENOTCONN ETIMEDOUT EHOSTUNREACH ENETRESET"
{
    echo '#include <errno.h>'
    for e in $FALLBACKS; do echo "#undef $e"; done
    echo '#include <stdio.h>'
    echo '#include <zmq.h>'
    echo 'int main (void)'
    echo '{'
    for e in $FALLBACKS; do echo "    printf (\"$e=%ld\\n\", (long) $e);"; done
    echo '    return 0;'
    echo '}'
} >"$TMP/errno.c"
errno_fallbacks() {
    "$CC" -std=c99 $CWARN -I"$REF_INC" "$TMP/errno.c" -o "$TMP/errno.ref" || return 1
    "$CC" -std=c99 $CWARN -I"$OUR_INC" "$TMP/errno.c" -o "$TMP/errno.ours" || return 1
    "$TMP/errno.ref" >"$TMP/errno.ref.txt" && "$TMP/errno.ours" >"$TMP/errno.ours.txt" || return 1
    grep -qx 'ENOTSUP=156384713' "$TMP/errno.ours.txt" || { echo "fallbacks not used?"; return 1; }
    diff -u "$TMP/errno.ref.txt" "$TMP/errno.ours.txt"
}
check "errno fallbacks (for platforms without them): same values as libzmq's" errno_fallbacks

# --- 6. The draft section: libzmq 4.3.5's, and only with ZMQ_BUILD_DRAFT_API.

macros_draft() {
    $TOOL macros "$OUR_H" >"$TMP/d.st" || return 1
    $TOOL macros "$OUR_H" $DRAFT >"$TMP/d.dr" || return 1
    comm -13 "$TMP/d.st" "$TMP/d.dr" >"$TMP/d.names"
    cut -d= -f1 "$HERE/draft-4.3.5.values" >"$TMP/d.want"
    diff -u "$TMP/d.want" "$TMP/d.names" || { echo "draft macro names differ from 4.3.5's"; return 1; }
    $TOOL values "$OUR_H" "$TMP/d.names" $DRAFT >"$TMP/d.c" || return 1
    "$CC" -std=c99 -Wall -Werror $DRAFT -I"$OUR_INC" "$TMP/d.c" -o "$TMP/d" || return 1
    "$TMP/d" | diff -u "$HERE/draft-4.3.5.values" -
}
check "draft constants: exactly libzmq 4.3.5's, same values" macros_draft

# ferromq's extensions (README): ZMQ_FERROMQ_HWM_DROPPED always,
# ZMQ_FERROMQ_EVENT_HWM_DROPPED with the draft (monitor v2) API only.
ferromq_ext() {
    FERROMQ_EXT=1 $TOOL macros "$OUR_H" | grep '^ZMQ_FERROMQ_' >"$TMP/f.st" || return 1
    FERROMQ_EXT=1 $TOOL macros "$OUR_H" $DRAFT | grep '^ZMQ_FERROMQ_' >"$TMP/f.dr" || return 1
    printf 'ZMQ_FERROMQ_HWM_DROPPED\n' | diff -u - "$TMP/f.st" || return 1
    printf 'ZMQ_FERROMQ_EVENT_HWM_DROPPED\nZMQ_FERROMQ_HWM_DROPPED\n' | diff -u - "$TMP/f.dr" || return 1
    FERROMQ_EXT=1 $TOOL values "$OUR_H" "$TMP/f.dr" $DRAFT >"$TMP/f.c" || return 1
    "$CC" -std=c99 -Wall -Werror $DRAFT -I"$OUR_INC" "$TMP/f.c" -o "$TMP/f" || return 1
    "$TMP/f" | diff -u <(printf 'ZMQ_FERROMQ_EVENT_HWM_DROPPED=281474976710656\nZMQ_FERROMQ_HWM_DROPPED=1179779073\n') -
}
check "ferromq extensions: ZMQ_FERROMQ_* constants, the event only with drafts" ferromq_ext

# Against the system's 4.3.4 draft section: the same but for 4.3.5's changes.
draft_vs_434() {
    $TOOL macros "$REF_H" >"$TMP/r.st" && $TOOL macros "$REF_H" $DRAFT >"$TMP/r.dr" || return 1
    comm -13 "$TMP/r.st" "$TMP/r.dr" >"$TMP/r.names"
    $TOOL values "$REF_H" "$TMP/r.names" $DRAFT >"$TMP/r.c" || return 1
    "$CC" -Wall -Werror $DRAFT -I"$REF_INC" "$TMP/r.c" -o "$TMP/r" && "$TMP/r" >"$TMP/r.txt" || return 1
    # 4.3.5 renumbered one value and added these options.
    diff <(grep -v '^ZMQ_RECONNECT_STOP_AFTER_DISCONNECT=' "$TMP/r.txt") \
        <(grep -Ev '^ZMQ_(RECONNECT_STOP_AFTER_DISCONNECT|BUSY_POLL|HICCUP_MSG|XSUB_VERBOSE_UNSUBSCRIBE|TOPICS_COUNT|NORM_[A-Z_]+)=' \
            "$HERE/draft-4.3.5.values") || return 1
    grep -qx 'ZMQ_RECONNECT_STOP_AFTER_DISCONNECT=3' "$TMP/r.txt" || { echo "4.3.4 value moved?"; return 1; }
}
check "draft constants: libzmq 4.3.4's plus 4.3.5's changes (AFTER_DISCONNECT 3->4, TOPICS_COUNT, ...)" draft_vs_434

protos_draft() {
    $TOOL protos "$OUR_H" >"$TMP/pd.st" && $TOOL protos "$OUR_H" $DRAFT >"$TMP/pd.dr" || return 1
    comm -13 "$TMP/pd.st" "$TMP/pd.dr" | diff -u "$HERE/draft-4.3.5.protos" -
}
check "draft prototypes: exactly libzmq 4.3.5's" protos_draft

# A program using every draft declaration: each function assigned to a
# pointer of the type libzmq 4.3.5 declares it with, each constant used.
{
    echo '#include <zmq.h>'
    echo '#include <string.h>'
    sed -E 's/^(zmq_[a-z0-9_]+) \((.*)\) -> (.*)$/\3 (*const p_\1) (\2) = \1;/' "$HERE/draft-4.3.5.protos"
    echo 'int main (void)'
    echo '{'
    echo '    long long sum = 0;'
    echo '    zmq_poller_event_t ev;'
    echo '    memset (&ev, 0, sizeof ev);'
    echo '    sum += (long long) ev.fd + ev.events + (ev.socket == ev.user_data);'
    while IFS='=' read -r n v; do
        case "$v" in
            '<empty>') printf '#ifndef %s
#error "%s"
#endif
' "$n" "$n" ;;
            '"'*) echo "    sum += (long long) strlen ($n);" ;;
            *) echo "    sum += (long long) $n;" ;;
        esac
    done <"$HERE/draft-4.3.5.values"
    echo '    return sum == 0;'
    echo '}'
} >"$TMP/usedraft.c"
check "a program using every draft declaration compiles (C, pointers of 4.3.5's types)" \
    "$CC" -std=c99 $CWARN $DRAFT -Werror=incompatible-pointer-types -Werror=discarded-qualifiers \
    -I"$OUR_INC" -c "$TMP/usedraft.c" -o "$TMP/x.o"
check "a program using every draft declaration compiles (C++)" \
    "$CXX" -x c++ -std=c++11 $CWARN $DRAFT -I"$OUR_INC" -c "$TMP/usedraft.c" -o "$TMP/x.o"
check "the draft-use program fails to compile without ZMQ_BUILD_DRAFT_API" \
    bash -c "! '$CC' -std=c99 -I'$OUR_INC' -c '$TMP/usedraft.c' -o '$TMP/x.o' 2>/dev/null"

# Without ZMQ_BUILD_DRAFT_API nothing of the draft section is visible: no
# macro is defined, no function declared (a variable of the same name would
# conflict), no zmq_poller_event_t (a typedef of the same name would conflict).
{
    echo '#include <zmq.h>'
    cut -d= -f1 "$HERE/draft-4.3.5.values" |
        while read -r n; do printf '#ifdef %s\n#error "%s is visible without ZMQ_BUILD_DRAFT_API"\n#endif\n' "$n" "$n"; done
    sed -E 's/ \(.*//' "$HERE/draft-4.3.5.protos" | while read -r n; do echo "int $n;"; done
    echo '#ifndef __cplusplus'
    echo 'typedef int zmq_poller_event_t;'
    echo 'struct zmq_poller_event_t { int unrelated; };'
    echo '#endif'
    echo 'int main (void) { return 0; }'
} >"$TMP/nodraft.c"
check "no draft macro, function or type without ZMQ_BUILD_DRAFT_API (C)" \
    "$CC" -std=c99 $CWARN -I"$OUR_INC" -c "$TMP/nodraft.c" -o "$TMP/x.o"
check "no draft macro, function or type without ZMQ_BUILD_DRAFT_API (C++)" \
    "$CXX" -x c++ -std=c++11 $CWARN -I"$OUR_INC" -c "$TMP/nodraft.c" -o "$TMP/x.o"
check "the no-draft check itself fails when ZMQ_BUILD_DRAFT_API is defined" \
    bash -c "! '$CC' -std=c99 $DRAFT -I'$OUR_INC' -c '$TMP/nodraft.c' -o '$TMP/x.o' 2>/dev/null"

# --- 7. Real code: compiles against both headers, links against both libs. ---

check "usage.c compiles against our header ($CC -std=c99 $CWARN)" \
    "$CC" -std=c99 $CWARN -I"$OUR_INC" -c "$HERE/usage.c" -o "$TMP/usage.ours.o"
check "usage.c compiles against libzmq's header" \
    "$CC" -std=c99 $CWARN -I"$REF_INC" -c "$HERE/usage.c" -o "$TMP/usage.ref.o"
check "usage.c compiles as C++ against our header" \
    "$CXX" -x c++ -std=c++11 -Wall -Wextra -Werror -I"$OUR_INC" -c "$HERE/usage.c" -o "$TMP/usage.cxx.o"
check "usage.c (our header) links and loads with the system libzmq" \
    bash -c "'$CC' '$TMP/usage.ours.o' -o '$TMP/usage.sys' -lzmq -Wl,-z,now && '$TMP/usage.sys'"

LIBDIR=${FERROMQ_LIBDIR:-}
if [ -z "$LIBDIR" ] || [ ! -e "$LIBDIR/libzmq.so" ]; then
    LIBDIR=$ROOT/build/lib
    [ -e "$LIBDIR/libzmq.so" ] || LIBDIR=$ROOT/target/release
fi
if [ -e "$LIBDIR/libzmq.so" ]; then
    check "usage.c links and loads with our libzmq.so ($LIBDIR): all 70 exported" \
        bash -c "'$CC' '$TMP/usage.ours.o' -o '$TMP/usage.ours' -L'$LIBDIR' -lzmq -Wl,-z,now -Wl,-rpath,'$LIBDIR' && '$TMP/usage.ours'"
else
    skip "usage.c links with our libzmq.so" "not built: cargo build --release -p ferromq-capi"
fi

# --- 8. zmq_utils.h: a deprecation note and nothing else. --------------------

utils() {
    local compiler=$1 std=$2
    printf '#include <zmq.h>\n#include <zmq_utils.h>\nint main (void) { return 0; }\n' >"$TMP/u1.c"
    printf '#include <zmq_utils.h>\n#include <zmq_utils.h>\nint main (void) { return 0; }\n' >"$TMP/u2.c"
    for f in u1 u2; do
        "$compiler" -x "$3" -std="$std" $CWARN -I"$OUR_INC" -c "$TMP/$f.c" -o "$TMP/x.o" \
            2>"$TMP/u.err" || { cat "$TMP/u.err"; return 1; }
        grep -q 'zmq_utils.h is deprecated' "$TMP/u.err" || { echo "no deprecation note"; return 1; }
    done
}
check "zmq_utils.h: deprecation note, compiles with -Werror (C)" utils "$CC" c99 c
check "zmq_utils.h: deprecation note, compiles with -Werror (C++)" utils "$CXX" c++11 c++

# --- 9. Nothing of cbindgen's Rust view leaks into the C text. ---------------

leaks() {
    ! grep -nE 'uintptr_t|intptr_t|Option|\bbool\b|uint8_t _|cbindgen:' "$OUR_H" &&
        [ "$(grep -m1 -E '^#' "$OUR_H")" = '#ifndef __ZMQ_H_INCLUDED__' ] &&
        [ "$(grep -E '^#' "$OUR_H" | tail -1)" = '#endif /* __ZMQ_H_INCLUDED__ */' ]
}
check "header text: include guard around everything, no Rust types" leaks

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
