#!/usr/bin/env bash
# Prints the directory holding a Node 22 binary, installing it on first use: the `node-linux-<arch>` package from the
# npm registry (the only host CI may reach; npm checks the tarball against the registry's integrity hash), unpacked
# under .cache/ (ignored by git) and reused by later runs. SSC_NODE22_VERSION picks another 22.x release.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${SSC_NODE22_VERSION:-22.23.5}"
case "$version" in 22.*) ;; *) echo "node22: SSC_NODE22_VERSION must be a 22.x release, got '$version'" >&2; exit 2 ;; esac
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "node22: the npm registry has no node-linux package for $(uname -m)" >&2; exit 1 ;;
esac
dir=".cache/node-v$version-linux-$arch"

if [ "$("$dir/bin/node" --version 2>/dev/null || true)" != "v$version" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "node22: fetching node-linux-$arch@$version from the npm registry" >&2
  (cd "$tmp" && npm pack --silent "node-linux-$arch@$version" >/dev/null)
  tar -xzf "$tmp/node-linux-$arch-$version.tgz" -C "$tmp"
  rm -rf "$dir"
  mkdir -p .cache
  mv "$tmp/package" "$dir"
fi
echo "$PWD/$dir/bin"
