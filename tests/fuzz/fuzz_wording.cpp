// The wording template renderer: any request (as the wasm module's JSON or as raw slot text) over
// any input renders a text or a one-line Chinese message, never a crash, and never an empty text.
// Layout: the first line is the request; the rest is the input. With no rest, a detail block.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "lanshou/wording.h"

namespace {
constexpr std::string_view kBlock =
    "订单编号：250309-512000000000301\n成团时间：2025-03-09 11:20:05\n"
    "承诺发货时间：2025-03-11 11:20:05\n发货时间：2025-03-10 09:15:40\n快递公司：中通快递\n"
    "运单号：75124400000301\n物流信息\n2025-03-10 09:15:41 商家已发货，等待揽收\n";
constexpr const char* kKinds[] = {
    "all",    "buyer_message",        "order_note", "extra_package", "refund_rejection",
    "appeal", "exception_declaration"};
constexpr const char* kReasons[] = {"",
                                    "courier_overload",
                                    "weather_disaster",
                                    "traffic_control",
                                    "courier_outlet_fault",
                                    "number_corrected",
                                    "platform_fault",
                                    "address_unreachable"};
constexpr const char* kVariants[] = {"", "brief", "full", "polite"};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const std::size_t nl = all.find('\n');
  const std::string_view head = all.substr(0, nl);
  std::string_view input = nl == std::string_view::npos ? std::string_view{} : all.substr(nl + 1);
  if (input.empty()) input = kBlock;

  lanshou::WordingInput in;
  std::string error;
  if (!lanshou::parse_wording_input_json(head, &in, &error)) {
    if (error.empty()) __builtin_trap();
    // Raw slot text: the head goes into every free-text slot the merchant fills.
    const unsigned pick = size ? data[0] : 0;
    in = lanshou::WordingInput{};
    in.request.kind = kKinds[pick % 7];
    in.request.reason = kReasons[(pick / 7) % 8];
    in.request.variant = kVariants[(size > 1 ? data[1] : 0) % 4];
    const std::string slot(head);
    in.request.outlet_name = slot;
    in.request.reason_detail = slot;
    in.request.new_pickup_time = slot;
    in.request.correct_picked_up_time = slot;
    in.request.measures = slot;
    in.request.correct_courier = (pick & 0x40) ? slot : "中通";
    in.request.correct_tracking_no = (pick & 0x20) ? slot : "";
    in.request.now = 1741752000;
  }
  lanshou::WordingResult out;
  error.clear();
  if (lanshou::wording_for_input(input, in, &out, &error)) {
    for (const auto& w : out.wordings) {
      if (w.text.empty()) __builtin_trap();
      lanshou::wording_json(w);
    }
    lanshou::wording_result_json(out);
  } else if (error.empty()) {
    __builtin_trap();
  }
  return 0;
}
