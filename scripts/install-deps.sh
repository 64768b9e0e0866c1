#!/usr/bin/env bash
# Installs what the suites and the emulator need on a Debian machine (run as root): bubblewrap for the session
# sandboxes, then the npm dependencies from the lock file. Idempotent: a second run changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v bwrap >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "install-deps: bubblewrap is missing and installing it needs root (apt-get install -y bubblewrap)" >&2
    exit 1
  fi
  echo "install-deps: installing bubblewrap"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "install-deps: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
