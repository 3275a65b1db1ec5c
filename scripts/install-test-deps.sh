#!/usr/bin/env bash
# Debian packages the test suite uses as reference implementations (never runtime
# dependencies of snowblind): PyTorch/torchvision/PIL/numpy/pandas for parity checks that
# generate their fixtures on demand; Chromium for the dashboard's end-to-end tests (driven by
# playwright-core, never a downloaded browser); redis-server for the distributed audit tests (each
# starts its own on a free loopback port). Tests that need them skip with a message when absent.
set -euo pipefail

packages=(python3-numpy python3-pil python3-pandas python3-torch python3-torchvision dataset-fashion-mnist chromium redis-server)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  printf 'install-test-deps: missing %s (tests that need them will skip)\n' "${missing[*]}" >&2
  exit 0
fi
printf 'install-test-deps: installing %s\n' "${missing[*]}" >&2
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
