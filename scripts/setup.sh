#!/usr/bin/env bash
# Set up snowblind on a fresh machine: system packages, npm dependencies, build.
# Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'setup: %s\n' "$*" >&2; }

usage() {
  cat <<'USAGE'
usage: bash scripts/setup.sh [--gpu | --no-gpu]
  --gpu     also install the GPU engines: onnxruntime-node's CUDA 12 binaries and
            @tensorflow/tfjs-node-gpu (both download from the network; needs the NVIDIA driver,
            CUDA 12 and cuDNN). The default when nvidia-smi finds a GPU.
  --no-gpu  CPU engines only, even when a GPU is present.
`npx snowblind doctor` then lists the engines and devices in use, and why others are missing.
USAGE
}

gpu=auto
for arg in "$@"; do
  case "$arg" in
    --gpu) gpu=yes ;;
    --no-gpu) gpu=no ;;
    -h | --help) usage; exit 0 ;;
    *) log "unknown option: $arg"; usage >&2; exit 2 ;;
  esac
done
if [ "$gpu" = auto ]; then
  gpu=no
  if command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1; then
    log "nvidia-smi found a GPU: installing the GPU engines too (--no-gpu skips them)"
    gpu=yes
  fi
fi

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

if [ "$gpu" = yes ]; then
  # Opt-in, and best effort: without network access or CUDA the CPU engines stay in use.
  log "GPU: onnxruntime-node CUDA 12 binaries"
  ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node --loglevel=error ||
    log "GPU: onnxruntime's CUDA binaries could not be installed (network? CUDA 12?); onnxruntime stays on CPU"
  log "GPU: @tensorflow/tfjs-node-gpu (downloads libtensorflow)"
  npm install --no-save --no-fund --no-audit --loglevel=error @tensorflow/tfjs-node-gpu ||
    log "GPU: @tensorflow/tfjs-node-gpu could not be installed; TF.js models stay on wasm"
  log "GPU: \`npx snowblind doctor\` shows which engines and devices are usable"
fi
log "ready: try \`npx snowblind audit\` or \`npx snowblind --help\`"
