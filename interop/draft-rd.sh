#!/usr/bin/env bash
# RADIO/DISH over the wire between our library and a libzmq built with the
# draft API (ZMTP JOIN/LEAVE commands, group frames, udp datagrams).
#
# usage: interop/draft-rd.sh [DRAFT_LIBDIR]
#
# DRAFT_LIBDIR (or $DRAFT_REF_LIBDIR) holds a draft libzmq.so.5; without
# one the script says so and exits 0 (nothing to compare with). Cases:
# {tcp, ipc} x {DISH binds, RADIO binds} and udp (DISH binds) x {RADIO on
# ours / DISH on the reference, and the reverse}: interop/rd_peer.c (see
# there) on each side, then tcp again with CURVE (the binding side the
# server); a case passes when the DISH prints "result OK" and
# each process mapped the library it was meant to.
# env: FERROMQ_LIBDIR [build/lib]. Last line: "draft-rd: N passed, N failed".
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 2
REF="${1:-${DRAFT_REF_LIBDIR:-}}"
OURS="${FERROMQ_LIBDIR:-$ROOT/build/lib}"
if [ -z "$REF" ] || [ ! -e "$REF/libzmq.so.5" ]; then
    echo "draft-rd: no draft libzmq (pass its lib dir or set DRAFT_REF_LIBDIR): skipped"
    exit 0
fi
[ -e "$OURS/libzmq.so.5" ] || { echo "draft-rd: $OURS/libzmq.so.5 missing (make lib)"; exit 2; }
work="$(mktemp -d /tmp/ferromq-draft-rd.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cc -O1 -Wall -I include -o "$work/rd_peer" interop/rd_peer.c -L "$OURS" -lzmq -ldl || exit 2

free_port() { /usr/bin/python3 -c 'import socket,sys
s=socket.socket(socket.AF_INET, getattr(socket, sys.argv[1]))
s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' "$1"; }

pass=0 failn=0
run_case() { # name transport radio_lib dish_lib radio_mode dish_mode ep_radio ep_dish [curve]
    local name="$1" curve="${9:-0}" rlib="$3" dlib="$4" rmode="$5" dmode="$6" epr="$7" epd="$8"
    local rlog="$work/$name.radio" dlog="$work/$name.dish" rpid ok=1
    if [ "$rmode" = bind ]; then
        RD_CURVE=$curve LD_LIBRARY_PATH="$rlib" timeout 40 "$work/rd_peer" radio bind "$epr" >"$rlog" 2>&1 &
        rpid=$!
        sleep 0.2
        RD_CURVE=$curve LD_LIBRARY_PATH="$dlib" timeout 40 "$work/rd_peer" dish "$dmode" "$epd" >"$dlog" 2>&1
    else
        RD_CURVE=$curve LD_LIBRARY_PATH="$dlib" timeout 40 "$work/rd_peer" dish "$dmode" "$epd" >"$dlog" 2>&1 &
        local dpid=$!
        sleep 0.2
        RD_CURVE=$curve LD_LIBRARY_PATH="$rlib" timeout 40 "$work/rd_peer" radio "$rmode" "$epr" >"$rlog" 2>&1 &
        rpid=$!
        wait "$dpid"
    fi
    kill "$rpid" 2>/dev/null
    wait "$rpid" 2>/dev/null
    grep -q "result OK" "$dlog" || ok=0
    grep -q "lib $rlib" "$rlog" || ok=0
    grep -q "lib $dlib" "$dlog" || ok=0
    if [ $ok = 1 ]; then
        pass=$((pass + 1)); echo "PASS $name"
    else
        failn=$((failn + 1)); echo "FAIL $name"; sed 's/^/  radio: /' "$rlog" | tail -3; sed 's/^/  dish: /' "$dlog" | tail -3
    fi
}

for combo in "ours:$OURS:ref:$REF" "ref:$REF:ours:$OURS"; do
    IFS=: read -r rn rlib dn dlib <<<"$combo"
    tag="radio-$rn.dish-$dn"
    p=$(free_port SOCK_STREAM)
    run_case "tcp.dish-binds.$tag" tcp "$rlib" "$dlib" connect bind "tcp://127.0.0.1:$p" "tcp://127.0.0.1:$p"
    p=$(free_port SOCK_STREAM)
    run_case "tcp.radio-binds.$tag" tcp "$rlib" "$dlib" bind connect "tcp://127.0.0.1:$p" "tcp://127.0.0.1:$p"
    ipc="ipc://$work/$tag.ipc"
    run_case "ipc.dish-binds.$tag" ipc "$rlib" "$dlib" connect bind "$ipc" "$ipc"
    ipc="ipc://$work/$tag.2.ipc"
    run_case "ipc.radio-binds.$tag" ipc "$rlib" "$dlib" bind connect "$ipc" "$ipc"
    p=$(free_port SOCK_STREAM)
    run_case "tcp-curve.dish-binds.$tag" tcp "$rlib" "$dlib" connect bind "tcp://127.0.0.1:$p" "tcp://127.0.0.1:$p" 1
    p=$(free_port SOCK_STREAM)
    run_case "tcp-curve.radio-binds.$tag" tcp "$rlib" "$dlib" bind connect "tcp://127.0.0.1:$p" "tcp://127.0.0.1:$p" 1
    p=$(free_port SOCK_DGRAM)
    run_case "udp.$tag" udp "$rlib" "$dlib" connect bind "udp://127.0.0.1:$p" "udp://127.0.0.1:$p"
done
echo "draft-rd: $pass passed, $failn failed"
[ $failn = 0 ]
