#!/usr/bin/env bash
# Benchmarks (never part of the tests): builds, then measures the lab's input-to-redraw
# time in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
node scripts/bench-page.mjs
