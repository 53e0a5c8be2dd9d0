#!/usr/bin/env bash
# Builds everything: the native library and Catch2 suite (build/native), the
# WebAssembly modules and WASM test suites (build/wasm: SIMD128 and scalar;
# build/wasm-relaxed: relaxed SIMD), the npm package (dist/lib)
# and the static site (dist/site). Incremental: reruns are quick.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

# Debian's Emscripten finds its acorn through NODE_PATH.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
# It also runs binaryen's tools by bare name from PATH, so npm's node_modules/.bin
# (first on PATH under `npm pack` and `npm run`) must not lend it npm binaryen's
# wasm-opt, whose output its SIMD128 and scalar builds cannot read. Only the relaxed
# build below uses that one, through its wrapper.
PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v '/node_modules/\.bin$' | paste -sd: -)

echo "build: native (g++, Highway dynamic dispatch)"
[ -f build/native/CMakeCache.txt ] ||
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native -j"$jobs" >/dev/null

echo "build: wasm (em++: SIMD128 and scalar modules)"
[ -f build/wasm/CMakeCache.txt ] ||
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/wasm -j"$jobs" >/dev/null

echo "build: wasm (em++ driving clang-19: relaxed-SIMD module)"
(
  # Debian's Emscripten 3.1.6 with clang-19 for the standard relaxed-SIMD opcodes, npm
  # binaryen's wasm-opt (through a wrapper that translates its minification map) for
  # the tools that read them, and the python metadata path instead of binaryen 108's
  # finalize step (../shared/TOOLCHAIN.md: the four traps). Its own tree, so the two
  # modules above keep Debian's toolchain.
  export EM_LLVM_ROOT=/usr/lib/llvm-19/bin EM_LLVM_ADD_VERSION= EM_CLANG_ADD_VERSION=
  export EMCC_READ_METADATA=python
  export PATH="$PWD/scripts/relaxed-toolchain:$PWD/node_modules/binaryen/bin:$PATH"
  [ -f build/wasm-relaxed/CMakeCache.txt ] ||
    emcmake cmake -S . -B build/wasm-relaxed -DCMAKE_BUILD_TYPE=Release \
      -DXENT_WASM_VARIANTS=relaxed >/dev/null
  cmake --build build/wasm-relaxed -j"$jobs" >/dev/null
)

node scripts/assemble.mjs
