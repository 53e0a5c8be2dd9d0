#!/usr/bin/env bash
# Benchmarks (never part of the tests). Builds, then:
#   1. the kernels against TF.js (wasm), onnxruntime-web, plain JS and the native build
#      (scripts/bench-kernels.mjs): a table, the goals met or not, build/bench/kernels.json
#      and a chart of it, build/bench/kernels.png;
#   2. the lab's input-to-redraw time in headless Chromium (scripts/bench-page.mjs).
# Usage: bash scripts/bench.sh [--quick]   (--quick: short samples, to try the harness)
# Exit status 1 if a kernel goal is not met (after both benchmarks ran).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
status=0
node scripts/bench-kernels.mjs "$@" || status=$?
node scripts/bench-chart.mjs build/bench/kernels.json build/bench/kernels.png
node scripts/bench-page.mjs
exit "$status"
