#!/usr/bin/env bash
# Builds everything: the native library and Catch2 suite (build/native), the
# WebAssembly modules and WASM test suites (build/wasm), the npm package (dist/lib)
# and the static site (dist/site). Incremental: reruns are quick.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

# Debian's Emscripten finds its acorn through NODE_PATH.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

echo "build: native (g++, Highway dynamic dispatch)"
[ -f build/native/CMakeCache.txt ] ||
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native -j"$jobs" >/dev/null

echo "build: wasm (em++: SIMD128 and scalar modules)"
[ -f build/wasm/CMakeCache.txt ] ||
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/wasm -j"$jobs" >/dev/null

node scripts/assemble.mjs
