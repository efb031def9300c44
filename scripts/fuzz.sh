#!/usr/bin/env bash
# Builds the libFuzzer targets (clang 14, ASan + UBSan) and runs each for SECONDS (default 60).
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# Corpora grow in build/fuzz/corpus/<target>; seeds (fixtures, golden vectors' inputs, rule
# overrides, times, numbers, wording requests, tests/fuzz/regressions) are rewritten each run into
# build/fuzz/seeds/<target> by tests/fuzz/seeds.mjs and read alongside the corpus.
# A crash is reported and the other targets still run; its input is saved in build/fuzz/crashes/
# (turn it into a file in tests/fuzz/regressions and a named test in tests/core/hostile_test.cpp).
# Prints one JSON line per target, a total line and "# pass N" / "# fail N"; exits 1 on any crash.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
bash scripts/setup.sh >/dev/null || exit 1

mkdir -p build/fuzz
(
  flock 9   # two fuzz.sh at once share one build
  if [ ! -f build/fuzz/build.ninja ]; then
    CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DLANSHOU_FUZZ=ON -DLANSHOU_TESTS=OFF >/dev/null || exit 1
  fi
  cmake --build build/fuzz >/dev/null || exit 1
  node tests/fuzz/seeds.mjs build/fuzz/seeds 2>/dev/null || exit 1
) 9>build/fuzz/.lock || { echo '{"fuzz":"build failed"}'; echo "# pass 0"; echo "# fail 1"; exit 1; }

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for t in build/fuzz/fuzz/fuzz_*; do targets+=("$(basename "$t")"); done
fi

mkdir -p build/fuzz/crashes
total=0 pass=0 fail=0
for t in "${targets[@]}"; do
  corpus=build/fuzz/corpus/$t
  mkdir -p "$corpus" "build/fuzz/seeds/$t"
  log=build/fuzz/$t.log
  build/fuzz/fuzz/"$t" "$corpus" "build/fuzz/seeds/$t" -dict=tests/fuzz/lanshou.dict \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=build/fuzz/crashes/"$t"- -print_final_stats=1 >"$log" 2>&1
  rc=$?
  runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log" | tail -1)
  runs=${runs:-0}
  total=$((total + runs))
  if ((rc == 0)); then
    pass=$((pass + 1))
    echo "{\"fuzz_target\":\"$t\",\"seconds\":$seconds,\"executions\":$runs,\"corpus\":$(ls "$corpus" | wc -l),\"result\":\"clean\"}"
  else
    fail=$((fail + 1))
    artifact=$(sed -nE 's/.*Test unit written to (.*)$/\1/p' "$log" | tail -1)
    echo "{\"fuzz_target\":\"$t\",\"seconds\":$seconds,\"executions\":$runs,\"result\":\"crash\",\"artifact\":\"$artifact\",\"log\":\"$log\"}"
    grep -E 'ERROR|SUMMARY|#[0-9]+ 0x' "$log" | head -20 >&2
  fi
done
echo "{\"fuzz_total_executions\":$total,\"targets\":${#targets[@]},\"crashes\":$fail}"
echo "# pass $pass"
echo "# fail $fail"
((fail == 0))
