#include "wording.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "encoding.h"
#include "io.h"
#include "lanshou/time.h"
#include "lanshou/wording.h"

namespace lanshou::cli {
namespace {

constexpr const char* kWordingUsage =
    "用法：lanshou wording --kind 类型 [--reason 原因] [--variant 写法] [--order-sn 订单号]\n"
    "         [--correct-courier 快递公司] [--correct-no 正确单号] [--correct-pickup-time 时间]\n"
    "         [--outlet 网点] [--detail 具体原因] [--measures 改进措施] [--new-time 时间]\n"
    "         [--template 模板] [--now 时间] [--rules 规则文件] [--format text|json] [文件|-]\n"
    "类型：buyer_message 买家消息、order_note 商家备注、extra_package 补寄额外包裹、\n"
    "      refund_rejection 驳回退款、appeal 违规申诉、exception_declaration 异常单不发货申报、\n"
    "      all 该订单适用的全部\n"
    "原因（申诉）：courier_overload、weather_disaster、traffic_control、courier_outlet_fault、\n"
    "      number_corrected、platform_fault；（异常单）traffic_control、weather_disaster、"
    "address_unreachable\n"
    "文字输出：正文在标准输出，粘贴位置、待补充项和证据清单在标准错误。\n"
    "退出码：0 完成；1 仍有【请填写：…】待补充；2 用法错误。\n";

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

// The guidance around one text: where it goes, what is still missing, what to attach.
void write_guidance(std::ostream& os, const Wording& w) {
  if (!w.missing.empty()) os << "待补充：" << join(w.missing, "、") << "（文中【请填写：…】处）\n";
  if (!w.evidence.empty()) os << "附上：" << join(w.evidence, "；") << "\n";
  if (w.max_chars > 0) {
    os << "字数：" << w.chars << " / " << w.max_chars
       << (w.max_chars_confidence == "firm" ? "" : "（上限待核实）") << "\n";
  }
  for (const auto& warning : w.warnings) os << "注意：" << warning << "\n";
  if (w.variants_available.size() > 1) {
    os << "写法：" << w.variant << "（可选 --variant " << join(w.variants_available, " / ")
       << "）\n";
  }
}

void write_header(std::ostream& os, const Wording& w, const std::string& order_sn) {
  os << "【" << w.title << "】订单 " << order_sn << "\n"
     << "粘贴到：" << w.where << "\n"
     << "位置：" << w.menu << "\n";
}

}  // namespace

int run_wording(int argc, char** argv) {
  WordingInput in;
  std::string file = "-", now, rules_file, format = "text";
  bool have_file = false;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kWordingUsage;
      return 0;
    }
    std::string* dst = nullptr;
    if (arg == "--kind") dst = &in.request.kind;
    if (arg == "--reason") dst = &in.request.reason;
    if (arg == "--variant") dst = &in.request.variant;
    if (arg == "--template") dst = &in.request.template_id;
    if (arg == "--correct-courier") dst = &in.request.correct_courier;
    if (arg == "--correct-no") dst = &in.request.correct_tracking_no;
    if (arg == "--correct-pickup-time") dst = &in.request.correct_picked_up_time;
    if (arg == "--outlet") dst = &in.request.outlet_name;
    if (arg == "--detail") dst = &in.request.reason_detail;
    if (arg == "--measures") dst = &in.request.measures;
    if (arg == "--new-time") dst = &in.request.new_pickup_time;
    if (arg == "--order-sn") dst = &in.order_sn;
    if (arg == "--now") dst = &now;
    if (arg == "--rules") dst = &rules_file;
    if (arg == "--format") dst = &format;
    if (dst != nullptr) {
      if (i + 1 >= argc) return usage_error("选项 " + arg + " 缺少取值\n" + kWordingUsage);
      *dst = argv[++i];
    } else if (arg.size() > 1 && arg[0] == '-') {
      return usage_error("未知选项 " + arg + "\n" + kWordingUsage);
    } else if (!have_file) {
      file = arg;
      have_file = true;
    } else {
      return usage_error("只能给一个输入文件");
    }
  }
  if (in.request.kind.empty()) return usage_error("缺少 --kind\n" + std::string(kWordingUsage));
  if (format != "text" && format != "json") return usage_error("--format 只能是 text 或 json");
  if (!now.empty()) {
    const TimeParse p = parse_time(now);
    if (!p.ok()) {
      return usage_error("--now 的时间「" + now + "」无法读取：" +
                         std::string(time_status_message(p.status)));
    }
    in.request.now = p.epoch;
  }
  if (!rules_file.empty() && !read_all(rules_file, &in.rules_override_json)) {
    return usage_error("无法读取规则文件 " + rules_file);
  }
  std::string text;
  if (!read_all(file, &text)) return usage_error("无法读取文件 " + file);
  std::string encoding;
  if (!to_utf8(&text, &encoding)) encoding = "unknown";  // the core repairs what it can

  WordingResult result;
  std::string error;
  if (!wording_for_input(text, in, &result, &error)) {
    const std::string ask = "请指定订单号";
    if (const std::size_t at = error.find(ask); at != std::string::npos) {
      error.replace(at, ask.size(), "请用 --order-sn 指定订单号");
    }
    return usage_error(error);
  }
  bool missing = false;
  for (const auto& w : result.wordings) missing = missing || !w.missing.empty();

  if (format == "json") {
    if (in.request.kind == "all") {
      std::cout << wording_result_json(result) << "\n";
    } else {
      std::cout << wording_json(result.wordings.front()) << "\n";
    }
    return missing ? 1 : 0;
  }
  if (in.request.kind != "all") {
    // The text alone on stdout, so that it can be redirected or piped to the clipboard.
    const Wording& w = result.wordings.front();
    write_header(std::cerr, w, result.order_sn);
    std::cerr.flush();
    std::cout << w.text << "\n";
    std::cout.flush();
    write_guidance(std::cerr, w);
    for (const auto& note : result.notes) std::cerr << "注意：" << note << "\n";
    return missing ? 1 : 0;
  }
  std::cout << "订单 " << result.order_sn << " 适用：" << join(result.actions, "、") << "\n";
  for (const auto& w : result.wordings) {
    std::cout << "\n";
    write_header(std::cout, w, result.order_sn);
    std::cout << "----\n" << w.text << "\n----\n";
    write_guidance(std::cout, w);
  }
  for (const auto& note : result.notes) std::cout << "\n注意：" << note << "\n";
  return missing ? 1 : 0;
}

}  // namespace lanshou::cli
