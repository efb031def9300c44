#include "io.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace lanshou::cli {

int usage_error(const std::string& message) {
  std::cerr << "lanshou: " << message << "\n";
  return 2;
}

bool read_all(const std::string& path, std::string* out) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    *out = ss.str();
    return true;
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  out->assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  return !f.bad();
}

}  // namespace lanshou::cli
