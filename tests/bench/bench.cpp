// The native half of the like-for-like comparison in scripts/bench.sh: the same calls the wasm
// module makes (Session::run + compact() for the page's path, check() for the full document), timed
// in-process with a steady clock so start-up and file reading are left out, as in node.
// Usage: lanshou_bench FILE NOW [RUNS] [compact|json|all] [THREADS]
//   prints one JSON line per path (medians, milliseconds); compact or json runs one path only.
//   THREADS (default 1, as in wasm) is CheckOptions::threads: "threads" in each line.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "lanshou/check.h"
#include "lanshou/session.h"
#include "lanshou/time.h"

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

template <typename F>
double time_ms(F&& f) {
  const auto t = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fputs("usage: lanshou_bench FILE NOW [RUNS] [compact|json]\n", stderr);
    return 2;
  }
  // One read of the whole file (a character-by-character istreambuf_iterator copy cost more
  // instructions than a check: CALLGRIND=1 in scripts/bench.sh counts the whole process).
  std::ifstream in(argv[1], std::ios::binary | std::ios::ate);
  std::string text(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())), '\0');
  in.seekg(0);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  lanshou::CheckOptions options;
  options.now = lanshou::parse_time(argv[2]).epoch;
  options.max_input_bytes = std::size_t{1024} << 20;
  const int runs = argc > 3 ? std::max(1, std::atoi(argv[3])) : 3;
  const double mb = static_cast<double>(text.size()) / 1e6;
  const std::string only = argc > 4 ? argv[4] : "";
  options.threads = argc > 5 ? static_cast<unsigned>(std::max(1, std::atoi(argv[5]))) : 1;

  if (only != "json") {
    std::vector<double> compact;
    std::size_t count = 0;
    for (int r = 0; r < runs; ++r) {
      lanshou::Session session;
      compact.push_back(time_ms([&] {
        session.run(text, options);
        session.compact();
      }));
      count = session.count();
    }
    const double c = median(compact);
    std::printf(
        "{\"bench\":\"native_compact\",\"orders\":%zu,\"bytes\":%zu,\"ms\":%.1f,\"mb_s\":%.1f,"
        "\"orders_s\":%.0f,\"threads\":%u,\"runs\":%d}\n",
        count, text.size(), c, mb / (c / 1000), static_cast<double>(count) / (c / 1000),
        options.threads, runs);
  }
  if (only == "compact") return 0;
  std::vector<double> full;
  std::size_t out_bytes = 0;
  for (int r = 0; r < runs; ++r) {
    full.push_back(time_ms([&] { out_bytes = lanshou::check(text, options).text.size(); }));
  }
  const double f = median(full);
  std::printf(
      "{\"bench\":\"native_check_json_inprocess\",\"bytes\":%zu,\"output_bytes\":%zu,\"ms\":%.1f,"
      "\"mb_s\":%.1f,\"threads\":%u,\"runs\":%d}\n",
      text.size(), out_bytes, f, mb / (f / 1000), options.threads, runs);
  return 0;
}
