#!/usr/bin/env bash
# tools/check-layers.sh - the engine in crates/ferromq reads bottom-up:
#   sys, pipe (with the pipe set), routing, command, monitor, inproc, ids,
#   ... -> io -> runtime -> socket -> ctx and the API modules above them.
# A module may only use modules below it. This check greps `crate::` paths
# in each layer's files and fails on an upward one.
set -u
cd "$(dirname "$0")/../crates/ferromq/src" || exit 2
status=0
# layer files : modules they must not use
check() {
    local files="$1" forbidden="$2" hits
    # shellcheck disable=SC2086
    hits=$(grep -rnE "crate::($forbidden)\b" $files --include='*.rs' 2>/dev/null |
        grep -v '_tests\.rs:' || true)
    if [ -n "$hits" ]; then
        echo "check-layers: upward use (allowed below: not $forbidden):"
        echo "$hits"
        status=1
    fi
}
low="sys sync.rs ids.rs error.rs opt.rs msg.rs bufpool.rs mailbox.rs options.rs options_wss.rs endpoint.rs pipe routing command.rs monitor.rs inproc.rs"
check "$low" "io|runtime|socket|ctx|proxy|poll"
check "io" "runtime|socket|ctx|proxy|poll"
check "runtime.rs" "socket|ctx|proxy|poll"
check "socket" "ctx|proxy|poll"
[ $status -eq 0 ] && echo "check-layers: ok (sys -> pipe -> routing -> io -> runtime -> socket -> ctx)"
exit $status
