#!/usr/bin/env bash
# The benchmark of issue 8 (not a test; scripts/test.sh never runs it). Prints one JSON line per
# measurement, medians of RUNS runs:
#   native CLI `check` at each size: MB/s, orders/s, peak RSS (GNU time -v) and RSS / input;
#   the native core in-process at WASM_ORDERS (build/native/lanshou_bench): the compact path and
#   the full document, the baseline the wasm figures are divided by (vs_native);
#   the wasm module in node at WASM_ORDERS: compact path and full document, each split into
#   transfer in / parse+decide / result out, Papa Parse's parse of the same text and the ratio,
#   peak wasm heap;
#   the page in headless chromium at WASM_ORDERS (scripts/bench/page.mjs), and its workspace's save
#   and restore at 10,000 and WASM_ORDERS orders (scripts/bench/workspace.mjs);
#   the heap of a fresh wasm module after one check at WASM_ORDERS (and 1M) orders
#   (scripts/bench/heap.mjs); with CALLGRIND=1, instructions per order of both in-process paths;
#   sizes (scripts/bench/sizes.mjs): lanshou-offline.html raw and gzip, the wasm raw, gzip and
#   LZMA, the offline file with a DecompressionStream payload instead, the site's total transfer.
# Usage: scripts/bench.sh [SIZES...]   (default: 10000 100000 1000000)
#   RUNS=3 WASM_ORDERS=100000 BUILD=1 (run scripts/build.sh first; 0 uses what is built)
#   PAGE=1 (the page in headless chromium: paste to first rows and to the full overview; with 1000000
#   among the sizes, also 1M orders opened as a file)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-10000 100000 1000000}")
read -r -a sizes <<< "${sizes[*]}"
RUNS=${RUNS:-3}
WASM_ORDERS=${WASM_ORDERS:-100000}
NOW=2025-03-12T12:00:00+08:00
if [[ ${BUILD:-1} == 1 ]]; then bash scripts/build.sh > /dev/null; fi
[[ -d node_modules/papaparse ]] || npm install --no-audit --no-fund > /dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

for n in "${sizes[@]}"; do
  node scripts/bench/gen.mjs "$n" 1 > "$work/in.csv"
  bytes=$(stat -c %s "$work/in.csv")
  walls=() cpus=() rss=()
  for ((r = 0; r < RUNS; ++r)); do
    /usr/bin/time -v -o "$work/time" build/native/lanshou check "$work/in.csv" --now "$NOW" \
      --max-mb 1024 > "$work/out.json" || [[ $? == 1 ]]
    wall=$(awk '/Elapsed \(wall clock\)/ { n = split($NF, t, ":"); s = 0
                for (i = 1; i <= n; ++i) s = s * 60 + t[i]; print s }' "$work/time")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/time")
    walls+=("$wall") cpus+=("$cpu")
    rss+=("$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time")")
  done
  out_bytes=$(stat -c %s "$work/out.json")
  wall=$(printf '%s\n' "${walls[@]}" | median)
  cpu=$(printf '%s\n' "${cpus[@]}" | median)
  peak=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
  awk -v n="$n" -v b="$bytes" -v w="$wall" -v c="$cpu" -v k="$peak" -v o="$out_bytes" -v runs="$RUNS" 'BEGIN {
    w = (w > 0 ? w : 0.001); c = (c > 0 ? c : 0.001)
    printf "{\"bench\":\"native_check_json\",\"orders\":%d,\"bytes\":%d,\"output_bytes\":%d,\"wall_s\":%.3f,\"cpu_s\":%.3f,\"mb_s\":%.1f,\"mb_s_cpu\":%.1f,\"orders_s\":%d,\"peak_rss_mb\":%.1f,\"rss_x_input\":%.2f,\"runs\":%d}\n",
      n, b, o, w, c, b / 1e6 / w, b / 1e6 / c, n / w, k / 1024, k * 1024 / b, runs }'
done

# The same calls in-process, natively (no start-up, no file reading): the like-for-like baseline
# for the wasm module's parse+decide figures below.
node scripts/bench/gen.mjs "$WASM_ORDERS" 1 > "$work/in.csv"
build/native/lanshou_bench "$work/in.csv" "$NOW" "$((RUNS < 3 ? 3 : RUNS))" | tee "$work/native.jsonl"
# The same on every core (CheckOptions::threads, as the CLI runs by default): not what wasm is
# compared with (it has one thread).
build/native/lanshou_bench "$work/in.csv" "$NOW" "$((RUNS < 3 ? 3 : RUNS))" all "$(nproc)"
native_compact_ms=$(sed -nE 's/.*"bench":"native_compact".*"ms":([0-9.]+).*/\1/p' "$work/native.jsonl")
native_json_ms=$(sed -nE 's/.*"bench":"native_check_json_inprocess".*"ms":([0-9.]+).*/\1/p' "$work/native.jsonl")

NATIVE_COMPACT_MS=$native_compact_ms NATIVE_JSON_MS=$native_json_ms \
  node scripts/bench/wasm.mjs "$WASM_ORDERS" "$((RUNS < 3 ? 3 : RUNS))"

if [[ ${PAGE:-1} == 1 && -x /usr/bin/chromium ]]; then
  node scripts/bench/page.mjs "$WASM_ORDERS" 3 || echo '{"bench":"page_paste","error":"failed"}'
  # The workspace (issue 20): a paste saved to IndexedDB, then restored by a reload.
  for n in 10000 "$WASM_ORDERS"; do
    node scripts/bench/workspace.mjs "$n" 3 || echo "{\"bench\":\"workspace\",\"orders\":$n,\"error\":\"failed\"}"
  done
  # The largest size opened as a file in the page (issue 8: 1M orders work in the page too).
  if [[ " ${sizes[*]} " == *" 1000000 "* ]]; then
    node scripts/bench/page.mjs 1000000 1 file || echo '{"bench":"page_file","error":"failed"}'
  fi
fi

# Issue 17's memory target in wasm: a fresh module's heap after one check, at WASM_ORDERS and at
# 1M orders when 1000000 is among the sizes (one node process each: wasm memory only grows).
node scripts/bench/heap.mjs "$WASM_ORDERS"
if [[ " ${sizes[*]} " == *" 1000000 "* ]]; then node scripts/bench/heap.mjs 1000000; fi

# Instructions per order (CALLGRIND=1, valgrind installed): steady where wall times are not, on a
# machine shared with builds and other agents. 20k generated orders, one thread, in-process.
if [[ ${CALLGRIND:-0} == 1 ]] && command -v valgrind > /dev/null; then
  node scripts/bench/gen.mjs 20000 1 > "$work/in20k.csv"
  for path in compact json; do
    ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null build/native/lanshou_bench \
           "$work/in20k.csv" "$NOW" 1 "$path" 1 2>&1 | awk '/refs:/ { gsub(",", "", $NF); print $NF }')
    echo "{\"bench\":\"callgrind_$path\",\"orders\":20000,\"instructions\":$ir,\"per_order\":$((ir / 20000))}"
  done
fi

node scripts/bench/sizes.mjs
