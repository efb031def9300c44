#pragma once
// What both subcommands of the CLI need from the outside world.
#include <string>

namespace lanshou::cli {

// Prints "lanshou: MESSAGE" on stderr and returns the usage-error exit status, 2.
int usage_error(const std::string& message);

// Reads a whole file, or standard input for "-". False when it cannot be read.
bool read_all(const std::string& path, std::string* out);

}  // namespace lanshou::cli
