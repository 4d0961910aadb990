#!/usr/bin/env bash
# Profiles the apiserver under the apiserver-writes load: starts etcd and the built apiserver (with
# the flags libs/testing/src/apiserver.ts uses) under `node --cpu-prof`, runs the benchmark against
# them, stops the apiserver (which writes the profile) and prints the hot spots.
#
#   bash bench/scripts/profile-apiserver.sh [benchmark options, e.g. --levels 16 --ops 20000]
#
# PROFILE_DIR (default: a new /tmp/kubesim-apiserver-prof-*) receives the .cpuprofile, the
# benchmark's JSON (result.json) and the summary (top.txt). APISERVER_MAIN runs another build of
# apps/apiserver/dist/main.js (e.g. an experimental copy), APISERVER_NODE_FLAGS adds node flags
# (e.g. --max-semi-space-size=64), NO_PROFILE=1 runs without --cpu-prof, TOP sets the list length.
# Needs a build: npx tsc -b tsconfig.json and npx tsc -b bench.
set -euo pipefail
cd "$(dirname "$0")/../.."
say() { printf 'profile: %s\n' "$*" >&2; }

main=${APISERVER_MAIN:-apps/apiserver/dist/main.js}
for f in "$main" bench/dist/apiserver-writes.js bench/dist/cpuprofile-top.js; do
  [ -f "$f" ] || { say "$f is missing: build with 'npx tsc -b tsconfig.json' and 'npx tsc -b bench'"; exit 1; }
done
etcd_bin=${ETCD_BIN:-etcd}
command -v "$etcd_bin" >/dev/null || { say "etcd not found (bash scripts/ensure-etcd.sh installs it)"; exit 1; }

out=${PROFILE_DIR:-$(mktemp -d /tmp/kubesim-apiserver-prof-XXXXXX)}
mkdir -p "$out"
work=$(mktemp -d /tmp/kubesim-bench-XXXXXX)
etcd_pid=''
api_pid=''
cleanup() {
  [ -n "$api_pid" ] && kill -TERM "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null || true
  [ -n "$etcd_pid" ] && kill -TERM "$etcd_pid" 2>/dev/null && wait "$etcd_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

read -r cport pport gport hport < <(node -e '
  const net = require("node:net");
  const get = () => new Promise((r) => { const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => r(p)); }); });
  Promise.all([get(), get(), get(), get()]).then((ps) => console.log(ps.join(" ")));')
endpoint="http://127.0.0.1:$cport"
peer="http://127.0.0.1:$pport"

"$etcd_bin" --name=kubesim-bench --data-dir="$work/etcd" \
  --listen-client-urls="$endpoint" --advertise-client-urls="$endpoint" \
  --listen-peer-urls="$peer" --initial-advertise-peer-urls="$peer" --initial-cluster="kubesim-bench=$peer" \
  --initial-cluster-state=new --initial-cluster-token="kubesim-$cport" --auto-compaction-retention=0 \
  --heartbeat-interval=50 --election-timeout=500 --logger=zap --log-outputs=stderr --log-level=warn 2>"$work/etcd.log" &
etcd_pid=$!
for _ in $(seq 1 200); do curl -sf "$endpoint/health" >/dev/null 2>&1 && break; sleep 0.05; done
curl -sf "$endpoint/health" >/dev/null || { say "etcd did not start:"; cat "$work/etcd.log" >&2; exit 1; }

token=$(node -p 'require("node:crypto").randomBytes(16).toString("hex")')
printf '%s,admin,admin,"system:masters"\n' "$token" >"$work/tokens.csv"
prof_flags=(--cpu-prof --cpu-prof-dir="$out")
[ "${NO_PROFILE:-}" = 1 ] && prof_flags=()
# shellcheck disable=SC2086 # APISERVER_NODE_FLAGS is a list of flags
node "${prof_flags[@]}" ${APISERVER_NODE_FLAGS:-} "$main" --etcd-servers "$endpoint" \
  --grpc-address "127.0.0.1:$gport" --http-address "127.0.0.1:$hport" --token-auth-file "$work/tokens.csv" \
  >"$work/apiserver.log" 2>&1 &
api_pid=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$hport/readyz" >/dev/null 2>&1 && break; sleep 0.05; done
curl -sf "http://127.0.0.1:$hport/readyz" >/dev/null || { say "apiserver did not start:"; cat "$work/apiserver.log" >&2; exit 1; }
say "etcd pid $etcd_pid at $endpoint, apiserver pid $api_pid ($main ${prof_flags[*]} ${APISERVER_NODE_FLAGS:-}) at 127.0.0.1:$gport"

node bench/dist/apiserver-writes.js --apiserver "127.0.0.1:$gport" --token "$token" --etcd "$endpoint" \
  --apiserver-http "127.0.0.1:$hport" --apiserver-pid "$api_pid" --etcd-pid "$etcd_pid" "$@" >"$out/result.json"

kill -TERM "$api_pid"
wait "$api_pid" || true
api_pid=''
if [ "${NO_PROFILE:-}" = 1 ]; then say "figures: $out/result.json"; exit 0; fi
prof=$(ls -t "$out"/*.cpuprofile | head -1)
node bench/dist/cpuprofile-top.js --top "${TOP:-30}" "$prof" | tee "$out/top.txt"
say "cpu profile: $prof"
say "figures: $out/result.json, summary: $out/top.txt (open the .cpuprofile in Chrome DevTools > Performance for flame charts)"
