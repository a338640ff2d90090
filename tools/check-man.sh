#!/usr/bin/env bash
# The man pages (doc/*.scd, built with scdoc):
#  1. exactly one page in doc/ per stable function (tools/libzmq-exports.txt)
#     plus zmq(7); DRAFT functions (tools/libzmq-draft-exports.txt) may have
#     one, nothing else does;
#  2. each builds with scdoc and renders with man -l without a warning;
#  3. each page's synopsis declares its function exactly as include/zmq.h
#     does (types, parameter names aside from a trailing underscore);
#  4. every page a SEE ALSO names exists;
#  5. make install puts them in share/man/man3 and man7, where man finds them.
set -eu
cd "$(dirname "${BASH_SOURCE[0]}")/.."
WORK=$(mktemp -d /tmp/fmq-man.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "check-man: FAIL: $*" >&2; exit 1; }
ok() { echo "check-man: ok - $*"; }
command -v scdoc >/dev/null || fail "scdoc is not installed (make deps)"
command -v man >/dev/null || fail "man is not installed (make deps)"

# 1. one page per export
ls doc/*.3.scd | sed 's|doc/||; s|\.3\.scd$||' | sort >"$WORK/pages.txt"
sort tools/libzmq-exports.txt >"$WORK/exports.txt"
grep -v '^#' tools/libzmq-draft-exports.txt | sort >"$WORK/draft.txt"
comm -23 "$WORK/pages.txt" "$WORK/draft.txt" >"$WORK/stable-pages.txt"
diff -u "$WORK/exports.txt" "$WORK/stable-pages.txt" >"$WORK/d" || { cat "$WORK/d"; fail "doc/*.3.scd are not one per stable function (and DRAFT ones)"; }
[ -e doc/zmq.7.scd ] || fail "no doc/zmq.7.scd"
ok "$(wc -l <"$WORK/pages.txt") pages in section 3: one per stable function, $(comm -12 "$WORK/pages.txt" "$WORK/draft.txt" | wc -l) for DRAFT ones; and zmq(7)"

# 2. each builds and renders
n=0
for src in doc/*.scd; do
  page=$(basename "$src" .scd)
  scdoc <"$src" >"$WORK/$page" 2>"$WORK/err" || fail "scdoc $src: $(cat "$WORK/err")"
  warn=$(MANWIDTH=80 man --warnings -l "$WORK/$page" 2>&1 >"$WORK/$page.txt") || fail "man -l $page failed"
  [ -z "$warn" ] || fail "man -l $page: $warn"
  name=${page%.*}
  grep -q "^NAME" "$WORK/$page.txt" && grep -q "^ *$name - " "$WORK/$page.txt" || fail "$page: no NAME line for $name"
  n=$((n + 1))
done
ok "$n pages build with scdoc and render with man -l, no warnings"

# 3. synopsis == header; 4. SEE ALSO targets exist
python3 - "$WORK" <<'PY' || fail "synopsis or SEE ALSO check"
import os, re, sys
def norm(decl):
    decl = re.sub(r'^#.*$', '', decl, flags=re.M)        # #include lines
    decl = decl.replace('struct zmq_pollitem_t', 'zmq_pollitem_t')  # typedef'd
    decl = re.sub(r'\s+', ' ', decl).strip()
    decl = re.sub(r'\b(\w+?)_\b', r'\1', decl)        # type_ -> type
    decl = re.sub(r'\s*([(),*;])\s*', r'\1', decl)
    return decl.replace('ZMQ_EXPORT', '').strip()
hdr = open('include/zmq.h').read() + open('include/zmq_utils.h').read()
hdr = re.sub(r'/\*.*?\*/', ' ', hdr, flags=re.S)
pages3 = sorted(f[:-6] for f in os.listdir('doc') if f.endswith('.3.scd'))
exports = open('tools/libzmq-exports.txt').read().split()
exports += [p for p in pages3 if p not in exports]  # the DRAFT pages
pages = set(f[:-4] for f in os.listdir('doc') if f.endswith('.scd'))
bad = 0
for fn in exports:
    m = re.search(r'(?:^|;|\})\s*(ZMQ_EXPORT[^;{}]*?\b%s\s*\([^;]*\);)' % fn, hdr, re.M)
    if not m:
        print('%s: not declared in include/zmq.h' % fn); bad += 1; continue
    want = norm(m.group(1))
    src = open('doc/%s.3.scd' % fn).read()
    syn = re.search(r'# SYNOPSIS\n\n```\n(.*?)```', src, re.S).group(1)
    got = [norm(d + ';') for d in re.split(r';', syn) if re.search(r'\b%s\s*\(' % fn, d)]
    if got != [want]:
        print('%s: synopsis %s, header %s' % (fn, got, want)); bad += 1
for name in pages:
    src = open('doc/%s.scd' % name).read()
    see = src.split('# SEE ALSO', 1)[1]
    for ref, sec in re.findall(r'\*(zmq\w*)\*\((\d)\)', see):
        if '%s.%s' % (ref, sec) not in pages:
            print('%s: SEE ALSO %s(%s) has no page' % (name, ref, sec)); bad += 1
sys.exit(1 if bad else 0)
PY
ok "every synopsis matches include/zmq.h; every SEE ALSO page exists"

# 5. installed where man finds them
P=$WORK/prefix
make -s install PREFIX="$P" >/dev/null 2>&1 || fail "make install"
[ "$(ls "$P/share/man/man3" | wc -l)" -eq "$(wc -l <"$WORK/pages.txt")" ] || fail "share/man/man3 does not hold every page"
[ -e "$P/share/man/man7/zmq.7" ] || fail "no share/man/man7/zmq.7"
MANWIDTH=80 man -M "$P/share/man" 3 zmq_msg_send 2>/dev/null | grep -q 'zmq_msg_send - ' || fail "man -M PREFIX/share/man 3 zmq_msg_send"
MANWIDTH=80 man -M "$P/share/man" 7 zmq 2>/dev/null | grep -q 'Linux only' || fail "man -M PREFIX/share/man 7 zmq"
ok "make install: share/man/man3 ($(ls "$P/share/man/man3" | wc -l) pages), share/man/man7/zmq.7; man -M finds them"
