#!/usr/bin/env bash
# Debian packages the test suite uses as reference implementations (never runtime
# dependencies of snowblind): PyTorch/torchvision/PIL/numpy/pandas for parity checks that
# generate their fixtures on demand; Chromium for the dashboard's end-to-end tests (driven by
# playwright-core, never a downloaded browser); redis-server for the distributed audit tests (each
# starts its own on a free loopback port); the Fashion-MNIST test split for the OOD tests.
# Tests that need them skip with a message when absent, or fail under SNOWBLIND_REQUIRE_TEST_DEPS=1
# (CI sets it after this script). So this script fails, with one line saying what is missing,
# whenever it cannot install a package or a package does not work once installed.
set -uo pipefail

fail() {
  printf 'install-test-deps: FAILED: %s\n' "$*" >&2
  exit 1
}

packages=(python3-numpy python3-pil python3-pandas python3-torch python3-torchvision dataset-fashion-mnist chromium redis-server)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    fail "missing ${missing[*]} and cannot install them here (needs root and apt-get): sudo apt-get install ${missing[*]}"
  fi
  printf 'install-test-deps: installing %s\n' "${missing[*]}" >&2
  log=$(mktemp)
  apt-get update -qq >"$log" 2>&1 ||
    fail "apt-get update failed ($(grep -m1 -E '^(E|W):' "$log" || tail -n1 "$log"))"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log" 2>&1 ||
    fail "apt-get install ${missing[*]} failed ($(grep -m1 '^E:' "$log" || tail -n1 "$log"))"
  rm -f "$log"
fi

# What the tests check before they run (packages/test-utils): a package can be installed and
# still not work, e.g. a torch that cannot import.
/usr/bin/python3 -c 'import numpy, PIL, pandas, torch, torchvision' 2>/dev/null ||
  fail "/usr/bin/python3 cannot import numpy, PIL, pandas, torch and torchvision"
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing"
redis-server --version >/dev/null 2>&1 || fail "redis-server does not run"
[ -f /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz ] ||
  fail "/usr/share/datasets/fashion-mnist has no t10k-images-idx3-ubyte.gz"
exit 0
