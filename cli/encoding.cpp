#include "encoding.h"

#include <iconv.h>

#include "lanshou/text.h"

namespace lanshou::cli {

bool to_utf8(std::string* bytes, std::string* encoding) {
  if (is_valid_utf8(*bytes)) {
    *encoding = "utf-8";
    return true;
  }
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  // iconv's API says "(iconv_t) -1" for failure.
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;  // NOLINT(performance-no-int-to-ptr)
  std::string out(bytes->size() * 2 + 16, '\0');
  char* in_ptr = bytes->data();
  std::size_t in_left = bytes->size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  const std::size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  iconv_close(cd);
  if (rc == static_cast<std::size_t>(-1)) return false;
  out.resize(out.size() - out_left);
  *bytes = std::move(out);
  *encoding = "gb18030";
  return true;
}

}  // namespace lanshou::cli
