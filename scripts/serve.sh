#!/usr/bin/env bash
# Builds what changed, then serves build/site on http://127.0.0.1:${PORT:-8080}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec node scripts/static-server.mjs build/site "${PORT:-8080}"
