#!/usr/bin/env bash
# Installs what is missing, builds, then runs every test: the core natively and as wasm under node
# (ctest), the wasm/CLI parity tests and the page in headless chromium (node --test).
# Exits non-zero when anything fails; the last line sums up all runners.
set -uo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS

bash scripts/build.sh || { echo "summary: build failed"; exit 1; }

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
passed=0 failed=0 status=0 report=()

# step NAME COMMAND...: runs one runner (10 min at most), adds up what its closing lines say.
step() {
  local name=$1 log="$logs/$1.log" t=$SECONDS rc p f
  shift
  echo "=== $name: $*"
  timeout 600 "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  if grep -qE '^[0-9]+% tests passed' "$log"; then   # ctest
    p=$(sed -nE 's/^[0-9]+% tests passed, ([0-9]+) tests? failed out of ([0-9]+).*/\2 \1/p' "$log" |
        awk '{ print $1 - $2 }')
    f=$(sed -nE 's/^[0-9]+% tests passed, ([0-9]+) tests? failed out of.*/\1/p' "$log")
  else                                               # node --test (spec or tap reporter)
    p=$(sed -nE 's/^(ℹ|#) pass ([0-9]+)$/\2/p' "$log" | tail -1)
    f=$(sed -nE 's/^(ℹ|#) fail ([0-9]+)$/\2/p' "$log" | tail -1)
  fi
  p=${p:-0} f=${f:-0}
  if ((rc != 0 && f == 0)); then f=1; fi   # crashed or timed out before it could count
  passed=$((passed + p)) failed=$((failed + f))
  ((rc == 0)) || status=1
  report+=("$name $p/$((p + f)) ($((SECONDS - t)) s)")
}

step native-ctest ctest --test-dir build/native --output-on-failure -j2
step wasm-ctest ctest --test-dir build/wasm --output-on-failure -j2
step node node --test --test-reporter=spec tests/node/*.test.mjs
step browser node --test --test-reporter=spec tests/browser/*.test.mjs
# The unit tests again under AddressSanitizer + UBSan (clang, -O1; incremental in build/asan).
step asan-ctest bash -c 'if [ ! -f build/asan/build.ninja ]; then
    cc=gcc cxx=g++; command -v clang++ >/dev/null && cc=clang cxx=clang++
    CC=$cc CXX=$cxx cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
      -DCMAKE_CXX_FLAGS_DEBUG=-O1 -DLANSHOU_SANITIZE=ON >/dev/null || exit 1
  fi
  cmake --build build/asan --target lanshou_tests >/dev/null || exit 1
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build/asan --output-on-failure'
# clang-format and cppcheck (clang-tidy, ~3 min on two cores, runs with scripts/lint.sh alone).
step lint bash -c 'if LINT_TIDY=0 bash scripts/lint.sh; then echo "# pass 1"; else echo "# fail 1"; exit 1; fi'
# Every libFuzzer target for 10 s (ASan + UBSan): one JSON line each, then "# pass/fail" counts.
step fuzz bash scripts/fuzz.sh 10

echo
printf 'tests: %s\n' "$(printf '%s · ' "${report[@]}")$((SECONDS - start)) s in all"
echo "summary: $passed passed, $failed failed"
exit $status
