#!/usr/bin/env bash
# Installs what is missing, builds, then serves the lab (dist/site) on 127.0.0.1.
#   PORT=8000 (default), BASE=/ (any sub-path works), CSP=1 adds the strict
#   Content-Security-Policy header the site is tested under.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
args=(dist/site --port "${PORT:-8000}" --base "${BASE:-/}")
[ "${CSP:-0}" = 1 ] && args+=(--csp)
echo "The lab also works opened from disk: file://$PWD/dist/site/index.html"
exec node scripts/static-server.mjs "${args[@]}"
