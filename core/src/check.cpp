#include "lanshou/check.h"

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>

#include "lanshou/session.h"
#include "lanshou/text.h"

namespace lanshou {

bool parse_options_json(std::string_view json, CheckOptions* out, std::string* error) {
  if (json.empty()) return true;
  // The options' "rules" is written again below: refuse nesting deeper than any rule needs.
  if (!json_nesting_within(json, 64)) {
    *error = "选项的 JSON 嵌套过深（超过 64 层），无法读取";
    return false;
  }
  using Json = nlohmann::json;
  const Json doc = Json::parse(json, nullptr, false);
  if (!doc.is_object()) {
    *error = "选项不是有效的 JSON 对象";
    return false;
  }
  const auto find = [&doc](const char* key) -> const Json* {
    const auto it = doc.find(key);
    return it != doc.end() && !it->is_null() ? &*it : nullptr;
  };
  if (const Json* it = find("now")) {
    const TimeParse p = it->is_string() ? parse_time(it->get_ref<const std::string&>())
                                        : TimeParse{TimeStatus::kBadFormat, 0};
    if (!p.ok()) {
      *error = "选项 now 无法读取：" + std::string(time_status_message(p.status));
      return false;
    }
    out->now = p.epoch;
  }
  if (const Json* it = find("rules")) {
    out->rules_override_json = it->is_string()
                                   ? it->get<std::string>()
                                   : it->dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  if (const Json* it = find("max_input_mb")) {
    if (!it->is_number() || it->get<double>() < 1 || it->get<double>() > 1024) {
      *error = "选项 max_input_mb 应为 1 到 1024 之间的数字";
      return false;
    }
    out->max_input_bytes = static_cast<std::size_t>(it->get<double>() * 1024 * 1024);
  }
  if (const Json* it = find("batches")) {
    // The batches of a workspace: each {"line": N, ...} where a batch starts; "at" is the page's.
    if (!it->is_array()) {
      *error = "选项 batches 应为数组，每项形如 {\"line\": 行号}";
      return false;
    }
    out->batch_lines.clear();
    for (const Json& b : *it) {
      const auto line = b.is_object() ? b.find("line") : b.end();
      if (!b.is_object() || line == b.end() || !line->is_number_unsigned() ||
          line->get<std::uint64_t>() < 1 || line->get<std::uint64_t>() > 0xFFFFFFFFu) {
        *error = "选项 batches 的每一项须有正整数 line（该批次在合并文本中的第一行）";
        return false;
      }
      out->batch_lines.push_back(static_cast<std::uint32_t>(line->get<std::uint64_t>()));
    }
    std::sort(out->batch_lines.begin(), out->batch_lines.end());
  }
  if (const Json* it = find("format"); it != nullptr && it->is_string()) {
    const std::string& f = it->get_ref<const std::string&>();
    if (f == "table") out->format = OutputFormat::kTable;
    if (f == "csv") out->format = OutputFormat::kCsv;
  }
  return true;
}

bool check_json_streamed(std::string_view input, const CheckOptions& options,
                         const std::function<void(std::string_view)>& write) {
  Session session;
  return session.stream_json(input, options, write);
}

CheckOutput check(std::string_view input, const CheckOptions& options) {
  Session session;
  session.run(input, options);
  CheckOutput out;
  out.row_errors = session.row_errors();
  out.text = session.output();
  return out;
}

}  // namespace lanshou
