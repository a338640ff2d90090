#!/usr/bin/env bash
# README.md stands alone: every relative link ([text](path)) and every path
# it quotes (`dir/file`, `dir/`) exists in the repository, and nothing
# points outside it (no `../`). Paths the build or a bench run creates
# (build/, target/, perf/results/) are allowed without existing; paths under
# the install prefix are written PREFIX/....
set -eu
cd "$(dirname "${BASH_SOURCE[0]}")/.."
python3 - <<'PY'
import os, re, subprocess, sys
text = open('README.md').read()
# Files in the work tree that git tracks or would track (not ignored).
tracked = set(subprocess.run(['git', 'ls-files', '-co', '--exclude-standard'],
                             capture_output=True, text=True, check=True).stdout.split())
dirs = {os.path.dirname(f) for f in tracked}
for f in list(dirs):
    while f:
        f = os.path.dirname(f); dirs.add(f)
GENERATED = ('build/', 'target/', 'perf/results/')
bad, n = [], 0
if '../' in text:
    for i, line in enumerate(text.splitlines(), 1):
        if '../' in line:
            bad.append('line %d points outside the repository: %s' % (i, line.strip()))
paths = []
for m in re.finditer(r'\]\(([^)\s]+)\)', text):
    target = m.group(1).split('#')[0]
    if target and not re.match(r'[a-z]+:', target):
        paths.append(target)
for m in re.finditer(r'`([^`\s]+)`', text):
    tok = m.group(1)
    # URLs, absolute paths, variables, options, install-prefix paths and
    # constant names (ZMQ_HEARTBEAT_IVL/TTL) are not repository paths.
    if '://' in tok or tok.startswith(('/', '$', '-', '~', 'PREFIX/')) or '*' in tok \
            or not re.search(r'[a-z]', tok):
        continue
    if re.fullmatch(r'[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+/?', tok) or \
       re.fullmatch(r'[A-Za-z0-9_-]+/', tok) or \
       re.fullmatch(r'(LICENSE|CHANGELOG\.md|Makefile|Cargo\.toml|README\.md)', tok):
        paths.append(tok)
for p in paths:
    n += 1
    q = p.rstrip('/')
    if p.startswith(GENERATED):
        continue
    if q not in tracked and q not in dirs:
        bad.append('`%s` is not in the repository' % p)
for b in bad:
    print('check-readme: FAIL: ' + b)
if bad:
    sys.exit(1)
print('check-readme: ok - %d paths and links in README.md exist in the repository; none outside it' % n)
PY
