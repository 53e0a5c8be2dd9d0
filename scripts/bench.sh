#!/usr/bin/env bash
# Benchmarks (never part of the tests). Builds, then:
#   1. the kernels against TF.js (wasm), onnxruntime-web, plain JS and the native build
#      (scripts/bench-kernels.mjs): a table, the goals met or not, build/bench/kernels.json
#      and a chart of it, build/bench/kernels.png;
#   2. the N-D API on a segmentation output [8, 21, 128, 128]: softmax along axis 1 and
#      the K = 2 cross-entropy, against TF.js (which transposes) and onnxruntime-web
#      (axis = 1) (scripts/bench-axes.mjs, build/bench/axes.json);
#   3. the lab's input-to-redraw time in headless Chromium (scripts/bench-page.mjs).
# Usage: bash scripts/bench.sh [--quick]   (--quick: short samples, to try the harness)
# Exit status 1 if a kernel goal is not met (after every benchmark ran).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
status=0
node scripts/bench-kernels.mjs "$@" || status=$?
node scripts/bench-chart.mjs build/bench/kernels.json build/bench/kernels.png
node scripts/bench-axes.mjs "$@"
node scripts/bench-page.mjs
exit "$status"
