#!/usr/bin/env bash
# Writes every output the CLI makes for a fixed set of inputs into OUTDIR, so that two builds can be
# compared byte for byte (a performance change must not change one byte):
#   scripts/bench/outputs.sh build/native/lanshou /tmp/before   # on the old commit
#   scripts/bench/outputs.sh build/native/lanshou /tmp/after    # on the new one
#   diff -r /tmp/before /tmp/after
# Inputs: every file of tests/fixtures and every golden vector's input (json, table and csv on one
# thread, json on two), the wording of every order of two fixtures, the rule document, and a
# generated 20k-order export (scripts/bench/gen.mjs 20000 1).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "$1")
out=$2
mkdir -p "$out"
now="2025-03-12 12:00:00"
check() {  # FILE NAME
  for fmt in json table csv; do
    "$bin" check "$1" --now "$now" --format $fmt --threads 1 > "$out/$2.$fmt" 2>&1 || echo "rc=$?" >> "$out/$2.$fmt"
  done
  "$bin" check "$1" --now "$now" --format json --threads 2 > "$out/$2.t2.json" 2>&1 || echo "rc=$?" >> "$out/$2.t2.json"
}
for f in tests/fixtures/*; do
  [[ -f $f ]] && check "$f" "$(basename "$f")"
done
for f in tests/fixtures/export-utf8.csv tests/fixtures/order-detail.txt; do
  [[ -f $f ]] || continue
  for sn in $(grep -o '[0-9]\{6\}-[0-9]\{15\}' "$f" | sort -u); do
    for kind in all appeal; do
      "$bin" wording --kind $kind --reason courier_overload --order-sn "$sn" --now "$now" --format json \
        --correct-no 75124400000171 "$f" > "$out/w.$(basename "$f").$sn.$kind.json" 2>&1 || true
    done
  done
done
"$bin" rules > "$out/rules.json" 2>&1 || true
# The golden vectors' inputs (core/data/rules/golden/*.json), one file each.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node -e '
  const fs = require("fs");
  let n = 0;
  for (const f of fs.readdirSync(process.argv[1]).filter((f) => f.endsWith(".json"))) {
    for (const v of require(process.argv[1] + "/" + f).vectors ?? []) {
      if (v.input == null) continue;
      fs.writeFileSync(process.argv[2] + "/golden-" + n++ + ".txt",
        Array.isArray(v.input) ? v.input.join("\n") + "\n" : String(v.input));
    }
  }
' "$PWD/core/data/rules/golden" "$tmp"
for f in "$tmp"/golden-*.txt; do check "$f" "$(basename "$f")"; done
node scripts/bench/gen.mjs 20000 1 > "$tmp/gen20k.csv"
check "$tmp/gen20k.csv" gen20k
echo "outputs: $(find "$out" -type f | wc -l) files in $out"
