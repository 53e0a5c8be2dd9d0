#!/usr/bin/env bash
# Installs what the build and the tests need, only where it is missing: Debian
# packages (Emscripten, Highway, Catch2, CMake, Chromium, Firefox ESR, WebKitGTK) and
# the npm lockfile's packages. Idempotent, and quick when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

# fonts-wqy-zenhei: a CJK font, so the Chinese pages render in headless browsers.
# firefox-esr, webkit2gtk-driver (WebKitWebDriver + MiniBrowser), xvfb and xauth: the
# other two browser engines the tests run in (scripts/lib/engines.mjs).
# clang-19, lld-19, llvm-19: the compiler behind the relaxed-SIMD module (scripts/build.sh).
packages=(cmake make g++ emscripten libhwy-dev catch2 chromium fonts-wqy-zenhei
  firefox-esr webkit2gtk-driver xvfb xauth clang-19 lld-19 llvm-19)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm ci when node_modules is missing or older than the lockfile.
if [ ! -f node_modules/.package-lock.json ] ||
   [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
