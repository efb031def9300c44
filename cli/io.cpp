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
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  if (!f) return false;
  // A regular file is read into a string of its exact size: growing one as it fills would hold
  // up to twice the input (peak memory is one of issue 8's figures). A pipe or a file that grows
  // meanwhile falls back to reading the rest.
  const std::streamoff size = f.tellg();
  out->clear();
  if (size > 0) {
    out->resize(static_cast<std::size_t>(size));
    f.seekg(0);
    f.read(out->data(), size);
    out->resize(static_cast<std::size_t>(f.gcount()));
    if (f.gcount() < size) return !f.bad();
  } else {
    f.seekg(0);
  }
  f.clear();
  out->append(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  return !f.bad();
}

}  // namespace lanshou::cli
