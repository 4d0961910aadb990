#!/usr/bin/env bash
# Everything a fresh machine needs before kubesim runs: npm dependencies, etcd, and the build.
# Idempotent and quiet when there is nothing to do. (npm install rather than npm ci: it honours the
# lock file but tolerates registries that lack some platform-specific optional packages.)
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf 'kubesim: %s\n' "$*" >&2; }

major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
  say "Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))"; exit 1
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies ..."
  npm install --no-audit --no-fund --loglevel=error >&2
fi

bash scripts/ensure-etcd.sh

# The built-in images' programs are Perl (perl-base: Essential on Debian and Ubuntu).
if ! command -v perl >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    say "installing perl-base (the built-in images' programs) ..."
    (apt-get install -y perl-base >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y perl-base >/dev/null 2>&1; }) || true
  fi
  command -v perl >/dev/null 2>&1 || { say "perl is required for the built-in images: install perl (Debian/Ubuntu: apt-get install -y perl-base)"; exit 1; }
fi

if [ "${KUBESIM_SKIP_BUILD:-}" != 1 ]; then
  say "building ..."
  node_modules/.bin/tsc -b tsconfig.json
  node scripts/bundle.mjs
fi
