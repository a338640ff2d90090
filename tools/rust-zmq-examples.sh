#!/usr/bin/env bash
# rust-zmq's own examples (the `zmq` crate 0.10 from crates.io), built and
# run on ferromq through crates/ferromq-zmq, with one line of Cargo.toml
# changed and not a line of their code:
#
#   zmq = "0.10"   ->   zmq = { package = "ferromq-zmq", path = "crates/ferromq-zmq" }
#
# 1. fetches the zmq 0.10 sources into the cargo registry if they are not
#    there (`cargo fetch` of a scratch project: needs the crates.io index);
# 2. writes a project holding its examples unchanged and a manifest made
#    from the zmq crate's own: its [[example]] targets and dev-dependencies,
#    and the zmq dependency line; prints the one-line diff against the
#    manifest that would use rust-zmq itself;
# 3. builds every example (cargo build --examples);
# 4. runs the ones that end by themselves or pair with a peer, in a private
#    network namespace (they bind fixed ports such as 5555) when root:
#    version, mtrelay, rtreq, rtdealer, lbbroker, asyncsrv,
#    helloworld_server + helloworld_client, weather_server + weather_client,
#    taskvent + 2 taskwork + tasksink.
# Not part of make test (network for the crates.io index); make rust-zmq-examples.
set -eu
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
fail() { echo "rust-zmq-examples: FAIL: $*" >&2; exit 1; }
ok() { echo "rust-zmq-examples: ok - $*"; }

reg=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/zmq-0.10.* 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$reg" ]; then
  scratch=$(mktemp -d /tmp/fmq-zmqfetch.XXXXXX)
  (cd "$scratch" && cargo init -q --name fetch-zmq && echo 'zmq = "0.10"' >>Cargo.toml && cargo fetch -q) \
    || fail "cargo fetch of zmq 0.10"
  rm -rf "$scratch"
  reg=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/zmq-0.10.* | sort -V | tail -1)
fi
echo "rust-zmq-examples: sources from $reg"

W=$ROOT/build/rust-zmq-examples
rm -rf "$W/examples" "$W/src"
mkdir -p "$W/src"
cp -r "$reg/examples" "$W/examples"
: >"$W/src/lib.rs"
python3 - "$reg/Cargo.toml" "$W" "$ROOT" <<'PY'
import sys, tomllib
src, out, root = sys.argv[1:]
m = tomllib.load(open(src, 'rb'))
def val(v):
    if isinstance(v, str): return '"%s"' % v
    if isinstance(v, bool): return 'true' if v else 'false'
    if isinstance(v, list): return '[' + ', '.join(val(x) for x in v) + ']'
    if isinstance(v, dict): return '{ ' + ', '.join('%s = %s' % (k, val(x)) for k, x in v.items()) + ' }'
    return str(v)
def manifest(zmq_line):
    L = ['# The zmq 0.10 crate\'s examples as a project of their own (tools/rust-zmq-examples.sh).',
         '[package]', 'name = "rust-zmq-examples"', 'version = "0.0.0"', 'edition = "%s"' % m['package']['edition'],
         'publish = false', '', '[workspace]', '', '[dependencies]', zmq_line]
    # the zmq crate's dev-dependencies: what its examples use besides zmq
    for k, v in m.get('dev-dependencies', {}).items():
        L.append('%s = %s' % (k, val(v)))
    for ex in m.get('example', []):
        L += ['', '[[example]]'] + ['%s = %s' % (k, val(x)) for k, x in ex.items()]
    return '\n'.join(L) + '\n'
open(out + '/Cargo.toml', 'w').write(manifest('zmq = { package = "ferromq-zmq", path = "%s/crates/ferromq-zmq" }' % root))
open(out + '/Cargo.toml.rust-zmq', 'w').write(manifest('zmq = "0.10"'))
PY
n_ex=$(grep -c '^\[\[example\]\]' "$W/Cargo.toml")
echo "rust-zmq-examples: the manifest differs from rust-zmq's in one line:"
diff "$W/Cargo.toml.rust-zmq" "$W/Cargo.toml" | sed 's/^/    /' || true
[ "$(diff "$W/Cargo.toml.rust-zmq" "$W/Cargo.toml" | grep -c '^[<>]')" -eq 2 ] || fail "manifests differ in more than one line"
diff -r "$reg/examples" "$W/examples" >/dev/null || fail "examples were modified"

export CARGO_TARGET_DIR=$ROOT/target/rust-zmq-examples
(cd "$W" && cargo build -q --release --examples 2>&1) >"$W/build.log" || { tail -40 "$W/build.log"; fail "examples do not build"; }
ok "all $n_ex examples of zmq 0.10 build unchanged against ferromq-zmq"
B=$CARGO_TARGET_DIR/release/examples
for ex in $(grep -A1 '^\[\[example\]\]' "$W/Cargo.toml" | sed -n 's/^name = "\(.*\)"/\1/p'); do
  [ -x "$B/$ex" ] || fail "no binary for example $ex"
  ldd "$B/$ex" | grep -q libzmq && fail "$ex links a libzmq"
done
ok "no example binary links any libzmq"

# 4. runs, each bounded
run_all() {
  set -e
  cd "$W"
  out=$(timeout 10 "$B/version"); echo "$out"
  [ "$out" = "Current 0MQ version is 4.3.5" ]
  timeout 20 "$B/mtrelay" | tail -1 | grep -q 'Test successful'
  echo "mtrelay: Test successful"
  for ex in rtreq rtdealer lbbroker asyncsrv; do
    timeout 60 "$B/$ex" >"$W/$ex.out" 2>&1 || { echo "$ex failed:"; tail -5 "$W/$ex.out"; return 1; }
    echo "$ex: ended by itself, $(wc -l <"$W/$ex.out") lines of output"
  done
  "$B/helloworld_server" >"$W/hw-server.out" 2>&1 & srv=$!
  timeout 30 "$B/helloworld_client" >"$W/hw-client.out" 2>&1 || { kill $srv; cat "$W/hw-client.out"; return 1; }
  kill $srv; wait $srv 2>/dev/null || true
  [ "$(grep -c '^Received World' "$W/hw-client.out")" -eq 10 ]
  echo "helloworld: 10 requests answered"
  "$B/weather_server" >/dev/null 2>&1 & srv=$!
  timeout 60 "$B/weather_client" >"$W/wu-client.out" 2>&1 || { kill $srv; cat "$W/wu-client.out"; return 1; }
  kill $srv; wait $srv 2>/dev/null || true
  grep -q '^Average temperature' "$W/wu-client.out"
  echo "weather: $(grep '^Average' "$W/wu-client.out")"
  "$B/taskwork" >/dev/null 2>&1 & w1=$!
  "$B/taskwork" >/dev/null 2>&1 & w2=$!
  timeout 60 "$B/tasksink" >"$W/sink.out" 2>&1 & sink=$!
  sleep 1
  echo | timeout 30 "$B/taskvent" >/dev/null 2>&1
  wait $sink || { kill $w1 $w2; cat "$W/sink.out"; return 1; }
  kill $w1 $w2; wait $w1 $w2 2>/dev/null || true
  grep -q 'Total elapsed time' "$W/sink.out"
  echo "task pipeline: $(grep 'Total elapsed time' "$W/sink.out")"
}
export -f run_all
export W B
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
  unshare -n bash -c 'ip link set lo up && run_all' || fail "an example run failed (see $W/*.out)"
else
  run_all || fail "an example run failed (see $W/*.out)"
fi
ok "examples run: version, mtrelay, rtreq, rtdealer, lbbroker, asyncsrv, helloworld, weather, task pipeline"
