#!/usr/bin/env bash
# Static checks of the C++: clang-format (no diff), cppcheck and clang-tidy (.clang-tidy) clean.
#   scripts/lint.sh            all three
#   LINT_TIDY=0 scripts/lint.sh   skip clang-tidy (the slow one)
set -uo pipefail
cd "$(dirname "$0")/.."
sources=$(git ls-files 'core/*.cpp' 'core/*.h' 'cli/*.cpp' 'cli/*.h' 'wasm/*.cpp' 'tests/core/*.cpp' 'tests/fuzz/*.cpp')
failed=0

if ! clang-format --dry-run --Werror $sources 2>/tmp/lanshou-format.log; then
  echo "lint: clang-format would change these files:"
  grep -oE '^[^: ]+\.(cpp|h):' /tmp/lanshou-format.log | sort -u
  failed=1
else
  echo "lint: clang-format clean"
fi

if cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability --std=c++17 \
    --inline-suppr -I core/include --suppress=missingIncludeSystem core/src cli wasm; then
  echo "lint: cppcheck clean"
else
  failed=1
fi

if [ "${LINT_TIDY:-1}" != 0 ]; then
  [ -f build/native/compile_commands.json ] || { echo "lint: build/native first"; exit 1; }
  # Headers are checked through the sources that include them (HeaderFilterRegex in .clang-tidy).
  if git ls-files 'core/src/*.cpp' 'cli/*.cpp' | xargs -P 2 -n 4 clang-tidy -p build/native --quiet \
      >/tmp/lanshou-tidy.log 2>&1; then
    echo "lint: clang-tidy clean"
  else
    grep -E 'warning:|error:' /tmp/lanshou-tidy.log | head -30
    failed=1
  fi
fi
exit $failed
