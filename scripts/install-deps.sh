#!/usr/bin/env bash
# Installs what the suites and the emulator need on a Debian machine (run as root): bubblewrap for the session
# sandboxes, python3 (the sandboxes' init and the suites' errno probes run on it), git, sqlite3 and python3-venv for
# the developer-tools suite, chromium for the test that opens the HTML report headless, slirp4netns and iproute2 for
# the sessions' outbound network (`ssc emulator --network public`, the default), the two command targets' parts
# (targets/: Debian's AWS CLI and boto3, Podman with runc), then the npm dependencies.
# Idempotent: a second run changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages, each only when its command is missing (apt-get update once, and only if something is missing).
missing=()
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
[ -x /usr/bin/python3 ] || missing+=(python3)
[ -x /usr/bin/git ] || missing+=(git)
[ -x /usr/bin/sqlite3 ] || missing+=(sqlite3)
/usr/bin/python3 -c 'import ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v slirp4netns >/dev/null 2>&1 || missing+=(slirp4netns)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
[ -x /usr/bin/aws ] || missing+=(awscli)
/usr/bin/python3 -c 'import boto3' >/dev/null 2>&1 || missing+=(python3-boto3)
[ -x /usr/bin/podman ] || missing+=(podman)
[ -x /usr/sbin/runc ] || [ -x /usr/bin/runc ] || missing+=(runc)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "install-deps: ${missing[*]} missing and installing needs root (apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "install-deps: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
