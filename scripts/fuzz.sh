#!/usr/bin/env bash
# Fuzzes the public C++ API with libFuzzer under AddressSanitizer + UBSan for a bounded
# time (not part of the tests). Usage: bash scripts/fuzz.sh [seconds, default 600]
# Crashes land in build/fuzz/crashes/; turn each into a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
bash scripts/setup.sh
command -v clang++ >/dev/null || { echo "fuzz: installing clang"; apt-get install -y -qq clang libclang-rt-14-dev >/dev/null; }
[ -f build/fuzz/CMakeCache.txt ] ||
  CC=clang CXX=clang++ cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DXENT_SANITIZE=ON -DXENT_FUZZ=ON -DXENT_BUILD_TESTS=OFF >/dev/null
cmake --build build/fuzz -j"$(nproc)" --target xent_fuzz >/dev/null
mkdir -p build/fuzz/corpus build/fuzz/crashes
echo "fuzz: ${seconds}s over the C++ API (ASan + UBSan)"
build/fuzz/xent_fuzz -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 \
  -artifact_prefix=build/fuzz/crashes/ build/fuzz/corpus
