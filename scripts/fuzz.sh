#!/usr/bin/env bash
# Builds the libFuzzer targets (clang 14, ASan + UBSan) and runs each for SECONDS (default 60).
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# Corpora grow in build/fuzz/corpus/<target>, seeded from tests/fixtures and the golden vectors.
# A crash stops the run with a non-zero exit; its input is saved in build/fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
bash scripts/setup.sh >/dev/null

if [ ! -f build/fuzz/build.ninja ]; then
  CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLANSHOU_FUZZ=ON -DLANSHOU_TESTS=OFF >/dev/null
fi
cmake --build build/fuzz >/dev/null

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for t in build/fuzz/fuzz/fuzz_*; do targets+=("$(basename "$t")"); done
fi

mkdir -p build/fuzz/crashes
total=0
for t in "${targets[@]}"; do
  corpus=build/fuzz/corpus/$t
  if [ ! -d "$corpus" ]; then
    mkdir -p "$corpus"
    cp tests/fixtures/* "$corpus"/ 2>/dev/null || true
    [ -d tests/fuzz/regressions ] && cp tests/fuzz/regressions/* "$corpus"/ 2>/dev/null || true
  fi
  log=build/fuzz/$t.log
  if ! build/fuzz/fuzz/"$t" "$corpus" -dict=tests/fuzz/lanshou.dict -max_total_time="$seconds" \
      -max_len=65536 -timeout=10 -rss_limit_mb=4096 -artifact_prefix=build/fuzz/crashes/"$t"- \
      -print_final_stats=1 >"$log" 2>&1; then
    echo "{\"fuzz_target\":\"$t\",\"result\":\"crash\",\"log\":\"$log\"}"
    tail -30 "$log" >&2
    exit 1
  fi
  runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log" | tail -1)
  total=$((total + ${runs:-0}))
  echo "{\"fuzz_target\":\"$t\",\"seconds\":$seconds,\"executions\":${runs:-0},\"result\":\"clean\"}"
done
echo "{\"fuzz_total_executions\":$total,\"targets\":${#targets[@]}}"
