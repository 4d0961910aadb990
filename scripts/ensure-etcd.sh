#!/usr/bin/env bash
# Makes sure an `etcd` binary (3.4+) is on PATH, installing Debian/Ubuntu's `etcd-server` package
# with apt-get when it is missing. Idempotent, and silent when etcd is already there.
# Used by libs/testing (ensureEtcd, the vitest globalSetup).
set -euo pipefail

if command -v etcd >/dev/null 2>&1; then
  exit 0
fi

say() { echo "ensure-etcd: $*" >&2; }

if ! command -v apt-get >/dev/null 2>&1; then
  say "etcd is not on PATH and apt-get is unavailable."
  say "Install etcd 3.4+ (https://github.com/etcd-io/etcd/releases) and put it on PATH, or set ETCD_BIN."
  exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    say "etcd is not on PATH; installing it needs root, and sudo is unavailable."
    say "Run as root: apt-get update && apt-get install -y etcd-server"
    exit 1
  fi
fi

say "etcd is not on PATH; installing the etcd-server package with apt-get."
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server >/dev/null

if ! command -v etcd >/dev/null 2>&1; then
  say "etcd-server was installed but no etcd is on PATH (looked in: $PATH)."
  exit 1
fi
say "installed $(etcd --version | head -n1)"
