#!/usr/bin/env bash
# Installs what is missing, then builds incrementally:
#   build/native  the CLI (build/native/lanshou) and the native unit tests
#   build/wasm    the wasm module (build/wasm/lanshou.js) and the unit tests compiled for node
#   build/site    the page (index.html and the one-file lanshou-offline.html)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS

bash scripts/setup.sh

# emcc runs node tools (acorn, terser) that Debian keeps in /usr/share/nodejs.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

if [[ ! -f build/native/build.ninja ]]; then
  cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build build/native

if [[ ! -f build/wasm/build.ninja ]]; then
  emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node
fi
cmake --build build/wasm

node scripts/build-site.mjs build/wasm/lanshou.js build/site
echo "build: done in $((SECONDS - start)) s"
