#include "lanshou/embedded.h"

namespace lanshou {

std::string_view embedded_file(std::string_view path) {
  for (const auto& f : embedded_files()) {
    if (f.path == path) return f.bytes;
  }
  return {};
}

}  // namespace lanshou
