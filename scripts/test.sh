#!/usr/bin/env bash
# Installs what is missing, builds everything, then runs every test:
#   1. the Catch2 suite natively (once per Highway target this CPU has), again under
#      AddressSanitizer + UBSan, and as WebAssembly under Node (SIMD128, scalar and,
#      with --experimental-wasm-relaxed-simd, relaxed-SIMD modules), through CTest;
#   2. the package tests (node --test): oracle data, errors, heap, install path; the
#      oracle, differential and contract tests again on the relaxed module;
#   3. the browser tests in Chromium, Firefox and WebKit (node --test tests/browser).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh

echo "== Catch2 suite, native (CTest)"
ctest --test-dir build/native --output-on-failure -V
echo "== Catch2 suite, native under AddressSanitizer + UBSan (CTest)"
[ -f build/asan/CMakeCache.txt ] ||
  cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DXENT_SANITIZE=ON >/dev/null
cmake --build build/asan -j"$(nproc 2>/dev/null || echo 2)" --target xent_tests >/dev/null
ctest --test-dir build/asan --output-on-failure -V
echo "== Catch2 suite, WebAssembly under Node (CTest)"
ctest --test-dir build/wasm --output-on-failure -V
ctest --test-dir build/wasm-relaxed --output-on-failure -V

echo "== package and browser tests (node --test)"
node --test --test-concurrency=1 tests/js/ tests/browser/
echo "== package tests on the relaxed-SIMD module (node --experimental-wasm-relaxed-simd --test)"
XENT_RELAXED_RUN=1 node --experimental-wasm-relaxed-simd --test --test-concurrency=1 \
  tests/js/oracle.test.js tests/js/differential.test.js tests/js/contract.test.js
