#pragma once
// Text files from Chinese spreadsheets are often GBK/GB18030: the CLI turns them into UTF-8 before
// the core sees them (the page does the same with TextDecoder).
#include <string>

namespace lanshou::cli {

// Strips nothing and returns true when bytes are already UTF-8; otherwise converts GB18030 to
// UTF-8 in place and sets *encoding to "gb18030". Returns false when neither reading works.
bool to_utf8(std::string* bytes, std::string* encoding);

}  // namespace lanshou::cli
