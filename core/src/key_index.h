#pragma once
// A hash index of record (or entry) indices keyed by a string each index yields, for the join and
// the reader's label lookup: no node or string per key, one vector of slots.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace lanshou {

// A multiply-xorshift hash eight bytes at a time (keys are order and tracking numbers, 10 to 30
// bytes): a third of FNV-1a's work per key.
inline std::uint64_t hash_of(std::string_view s) {
  constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;
  std::uint64_t h = s.size() * kMul;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  }
  std::uint64_t w = 0;
  std::memcpy(&w, s.data() + i, s.size() - i);
  h = (h ^ w) * kMul;
  return h ^ (h >> 32);
}

// Open addressing over indices into a list of keys (record numbers, tracking numbers, texts): no
// node or string per key (a 100,000-order export is one pass over a 256K-slot vector). A slot
// keeps 32 bits of the key's hash beside the index, so that keys are compared only when those
// agree. The list must outlive the index and keep its keys where they are.
class KeyIndex {
 public:
  static constexpr std::uint32_t kEmpty = UINT32_MAX;
  // Room for `count` keys of `keys` (the list may grow up to that many before they are inserted).
  KeyIndex(const std::vector<std::string_view>* keys, std::size_t count) : keys_(keys) {
    std::size_t cap = 16;
    int bits = 4;
    while (cap < 2 * count) {
      cap <<= 1;
      ++bits;
    }
    slots_.assign(cap, kFree);
    mask_ = cap - 1;
    shift_ = 64 - bits;
  }
  // The first index inserted with the key of index i, or i after inserting it.
  std::uint32_t insert(std::uint32_t i) {
    const std::string_view key = (*keys_)[i];
    const std::uint64_t h = hash_of(key);
    const std::uint64_t tag = h >> 32 << 32;
    for (std::size_t s = slot(h);; s = (s + 1) & mask_) {
      if (slots_[s] == kFree) {
        slots_[s] = tag | i;
        return i;
      }
      const auto index = static_cast<std::uint32_t>(slots_[s]);
      if ((slots_[s] >> 32 << 32) == tag && (*keys_)[index] == key) return index;
    }
  }
  // The index inserted with this key, or kEmpty.
  std::uint32_t find(std::string_view key) const {
    const std::uint64_t h = hash_of(key);
    const std::uint64_t tag = h >> 32 << 32;
    for (std::size_t s = slot(h);; s = (s + 1) & mask_) {
      if (slots_[s] == kFree) return kEmpty;
      const auto index = static_cast<std::uint32_t>(slots_[s]);
      if ((slots_[s] >> 32 << 32) == tag && (*keys_)[index] == key) return index;
    }
  }

 private:
  static constexpr std::uint64_t kFree = UINT64_MAX;  // no index is UINT32_MAX
  // The high bits of a Fibonacci product spread keys that differ in one byte.
  std::size_t slot(std::uint64_t h) const {
    return static_cast<std::size_t>((h * 0x9E3779B97F4A7C15ULL) >> shift_);
  }

  const std::vector<std::string_view>* keys_;
  std::vector<std::uint64_t> slots_;
  std::size_t mask_ = 0;
  int shift_ = 60;
};

}  // namespace lanshou
