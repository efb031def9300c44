// lanshou: the native command line face of the rule core.
//   lanshou check [FILE|-] [--now TIME] [--rules FILE] [--format json|table|csv] [--threads N]
// Exit 0 when every row was read, 1 when some rows had errors (the result is still printed),
// 2 for a usage error or an unreadable file (one Chinese line on stderr).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "encoding.h"
#include "io.h"
#include "lanshou/check.h"
#include "lanshou/rules.h"
#include "wording.h"

namespace {

using lanshou::cli::read_all;
using lanshou::cli::usage_error;

constexpr const char* kUsage =
    "用法：lanshou check [文件|-] [--now 时间] [--rules 规则文件] [--format json|table|csv]\n"
    "                    [--max-mb 64] [--threads 线程数，默认本机核数]\n"
    "      lanshou rules [--rules 规则文件]    显示当前规则及其来源\n"
    "      lanshou wording --kind 类型 [选项] [文件|-]    生成买家消息、备注、申诉等话术（--help "
    "看选项）\n"
    "时间写成 2026-11-26T12:00:00+08:00 或 \"2026-11-26 12:00:00\"（北京时间）；默认为当前时间。\n";

struct Args {
  std::string command, file = "-", now, rules_file, format = "json", max_mb, threads;
};

bool parse_args(int argc, char** argv, Args* a, std::string* error) {
  if (argc < 2) {
    *error = "缺少命令（check 或 rules）";
    return false;
  }
  a->command = argv[1];
  bool have_file = false;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](std::string* dst) {
      if (i + 1 >= argc) {
        *error = "选项 " + arg + " 缺少取值";
        return false;
      }
      *dst = argv[++i];
      return true;
    };
    if (arg == "--now") {
      if (!value(&a->now)) return false;
    } else if (arg == "--rules") {
      if (!value(&a->rules_file)) return false;
    } else if (arg == "--format") {
      if (!value(&a->format)) return false;
    } else if (arg == "--max-mb") {
      if (!value(&a->max_mb)) return false;
    } else if (arg == "--threads") {
      if (!value(&a->threads)) return false;
    } else if (arg.size() > 1 && arg[0] == '-' && arg != "-") {
      *error = "未知选项 " + arg;
      return false;
    } else if (!have_file) {
      a->file = arg;
      have_file = true;
    } else {
      *error = "只能给一个输入文件";
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "wording") {
    return lanshou::cli::run_wording(argc - 2, argv + 2);
  }
  Args args;
  std::string error;
  if (argc >= 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    std::cout << kUsage;
    return 0;
  }
  if (!parse_args(argc, argv, &args, &error)) return usage_error(error + "\n" + kUsage);

  lanshou::CheckOptions options;
  if (!args.now.empty()) {
    const lanshou::TimeParse p = lanshou::parse_time(args.now);
    if (!p.ok()) {
      return usage_error("--now 的时间「" + args.now + "」无法读取：" +
                         std::string(lanshou::time_status_message(p.status)));
    }
    options.now = p.epoch;
  }
  if (!args.max_mb.empty()) {
    char* end = nullptr;
    const double mb = std::strtod(args.max_mb.c_str(), &end);
    if (end == args.max_mb.c_str() || *end != '\0' || !(mb >= 1 && mb <= 1024)) {
      return usage_error("--max-mb 应为 1 到 1024 之间的数字");
    }
    options.max_input_bytes = static_cast<std::size_t>(mb * 1024 * 1024);
  }
  // Long exports are read and decided on every core by default; the result is the same.
  options.threads = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
  if (!args.threads.empty()) {
    char* end = nullptr;
    const long n = std::strtol(args.threads.c_str(), &end, 10);
    if (end == args.threads.c_str() || *end != '\0' || n < 1 || n > 64) {
      return usage_error("--threads 应为 1 到 64 之间的整数");
    }
    options.threads = static_cast<unsigned>(n);
  }
  if (!args.rules_file.empty() && !read_all(args.rules_file, &options.rules_override_json)) {
    return usage_error("无法读取规则文件 " + args.rules_file);
  }
  if (args.command == "rules") {
    std::vector<lanshou::RuleError> errors;
    const lanshou::RuleSet r =
        lanshou::apply_overrides(lanshou::builtin_rules(), options.rules_override_json, &errors);
    for (const auto& e : errors) std::cerr << "lanshou: " << e.message << "\n";
    std::cout << r.document_json() << "\n";
    return errors.empty() ? 0 : 1;
  }
  if (args.command != "check") return usage_error("未知命令 " + args.command + "\n" + kUsage);
  if (args.format == "json") {
    options.format = lanshou::OutputFormat::kJson;
  } else if (args.format == "table") {
    options.format = lanshou::OutputFormat::kTable;
  } else if (args.format == "csv") {
    options.format = lanshou::OutputFormat::kCsv;
  } else {
    return usage_error("--format 只能是 json、table 或 csv");
  }

  std::string text;
  if (!read_all(args.file, &text)) return usage_error("无法读取文件 " + args.file);
  std::string encoding;
  if (lanshou::cli::to_utf8(&text, &encoding)) {
    // Checked here already (or iconv's output): the core skips its own pass over the text.
    options.input_is_utf8 = true;
  } else {
    // Neither UTF-8 nor GB18030: the core repairs what it can and reports the rest.
    encoding = "unknown";
  }
  if (options.format == lanshou::OutputFormat::kJson) {
    // Streamed: the same bytes as check(), without holding the whole document in memory.
    const bool row_errors = lanshou::check_json_streamed(text, options, [](std::string_view part) {
      std::fwrite(part.data(), 1, part.size(), stdout);
    });
    return row_errors ? 1 : 0;
  }
  const lanshou::CheckOutput out = lanshou::check(text, options);
  std::fwrite(out.text.data(), 1, out.text.size(), stdout);
  return out.row_errors ? 1 : 0;
}
