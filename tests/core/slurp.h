// The tests' one way to read a file whole (fixtures, expected results, the core's data files).
#ifndef LANSHOU_TESTS_CORE_SLURP_H_
#define LANSHOU_TESTS_CORE_SLURP_H_

#include <fstream>
#include <iterator>
#include <string>

namespace lanshou {

// The file's bytes as they are; "" when it cannot be read (the caller's assertions say so).
inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace lanshou

#endif  // LANSHOU_TESTS_CORE_SLURP_H_
