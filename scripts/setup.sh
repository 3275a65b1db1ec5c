#!/usr/bin/env bash
# Set up snowblind on a fresh machine: system packages, npm dependencies, build.
# Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'setup: %s\n' "$*" >&2; }

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  log "Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))"
  exit 1
fi

# System packages from Debian: the Fashion-MNIST dataset (in-distribution baseline for the
# embedded models' OOD metrics). Installed only when missing and when we can (root + apt).
apt_packages=()
[ -d /usr/share/datasets/fashion-mnist ] || apt_packages+=(dataset-fashion-mnist)
if [ ${#apt_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing ${apt_packages[*]} with apt-get"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}" >/dev/null
  else
    log "optional: sudo apt-get install ${apt_packages[*]} (needed for --in-distribution fashion-mnist-test)"
  fi
fi

# onnxruntime-node's install script would fetch CUDA binaries from the network; the CPU
# binaries ship in the npm package, so the step is skipped. The repo's .npmrc
# (onnxruntime-node-install=skip) does this for a plain `npm ci` too; npm 11 does run the script.
export ONNXRUNTIME_NODE_INSTALL=skip
log "installing npm dependencies (npm ci)"
npm ci --no-fund --no-audit --loglevel=error
log "building (tsc -b)"
npm run --silent build
log "ready: try \`npx snowblind audit\` or \`npx snowblind --help\`"
