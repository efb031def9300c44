#pragma once
// Work split into parts that run at once, for native builds: the calling thread runs part 0, a
// thread each runs the others, and all are joined before it returns. Wasm builds (no threads)
// run the parts one after another. Parts must not write to anything another part reads.
#include <algorithm>
#include <cstddef>
#include <vector>
#ifndef __EMSCRIPTEN__
#include <thread>
#endif

namespace lanshou {

template <typename Fn>
void run_parts(std::size_t parts, const Fn& part) {
#ifndef __EMSCRIPTEN__
  std::vector<std::thread> workers;
  workers.reserve(parts > 0 ? parts - 1 : 0);
  for (std::size_t k = 1; k < parts; ++k) workers.emplace_back([&part, k] { part(k); });
  if (parts > 0) part(0);
  for (auto& w : workers) w.join();
#else
  for (std::size_t k = 0; k < parts; ++k) part(k);
#endif
}

// How many parts to cut n units of work into: one per thread, each at least min_size units, and
// at least one part.
inline std::size_t parts_for(std::size_t n, unsigned threads, std::size_t min_size) {
  const std::size_t most = n / (min_size > 0 ? min_size : 1);
  return std::max<std::size_t>(1, std::min<std::size_t>(threads, most));
}

// Orders per thread below which a range is not worth a thread (deciding, packing the compact
// result).
inline constexpr std::size_t kMinOrdersPerPart = 4096;
// The same for a batch of the streamed document (decided and written on the same thread).
inline constexpr std::size_t kMinOrdersPerBatchPart = 256;

// Range k of [0, n) cut into `parts` ranges of about the same size: [begin, end).
inline std::size_t range_begin(std::size_t n, std::size_t parts, std::size_t k) {
  return n * k / parts;
}

}  // namespace lanshou
