#!/usr/bin/env bash
# Regenerates libs/proto/src/generated from proto/ with exactly the options libs/proto passes to
# loadSync (see LOADER_OPTIONS in libs/proto/src/loader.ts). With --check, fails when the
# committed output differs from a fresh generation.
set -euo pipefail
cd "$(dirname "$0")/.."
out=libs/proto/src/generated
gen() {
  rm -rf "$1" && mkdir -p "$1"
  node_modules/.bin/proto-loader-gen-types --grpcLib=@grpc/grpc-js --outDir="$1" \
    --longs=Number --enums=String --defaults --oneofs --importFileExtension=.js \
    --includeDirs=proto -- kubesim/v1/api.proto kubesim/v1/kubelet.proto >/dev/null
}
if [ "${1:-}" = "--check" ]; then
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  gen "$tmp/generated"
  if ! diff -r "$tmp/generated" "$out" >/dev/null; then
    echo "proto: generated types are stale; run 'npm run proto:gen' and commit the result" >&2
    diff -ru "$out" "$tmp/generated" | head -40 >&2
    exit 1
  fi
  echo "proto: generated types are up to date"
else
  gen "$out"
  echo "proto: generated $out"
fi
