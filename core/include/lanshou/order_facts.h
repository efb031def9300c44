#pragma once
// What a PDD order document says about one order beyond the fields a pasted table has: the API's
// and the back office's codes, order tags and timeout marks. The engine does not use them yet; the
// rules of issue 18 (order tags that change the clock, pre-sale, pickup and trace timeouts) read
// them from here. Read by core/src/pdd_json.cpp.
#include <cstdint>
#include <string>
#include <vector>

#include "lanshou/time.h"

namespace lanshou {

// A parcel besides the order's own: the API's resend/extra/gift delivery lists (补寄, 多包裹,
// 赠品).
struct ExtraDelivery {
  std::string list;  // "resend_delivery_list", "extra_delivery_list", "gift_delivery_list"
  std::int64_t logistics_id = -1;
  std::string courier;  // PDD's name for logistics_id, or "" when the id is unknown
  std::string tracking_no;
};

struct OrderFacts {
  std::string document;  // e.g. "pdd.order.list.get", "recentOrderList"
  // Codes as sent, -1 when absent. The order API's order_status (1 待发货, 2 已发货待签收, 3
  // 已签收), refund_status (1 无售后或售后关闭 … 4 退款成功), after_sales_status (0 无售后 … 33),
  // confirm_status (0 未成交, 1 已成交, 2 已取消). The back office has order_status of its own
  // meaning (1 in every capture, shipped or not) and sends words instead (order_status_str,
  // after_sales_status as text).
  int order_status = -1;
  int refund_status = -1;
  int after_sales_status = -1;
  int confirm_status = -1;
  int group_status = -1;         // 0 拼团中, 1 已成团, 2 团失败
  int shipping_status = -1;      // back office: 0 not shipped, 1 shipped
  int risk_control_status = -1;  // 1: 审核中, do not ship yet
  // Back office timeout marks (recentOrderList), meaning not documented: 0 / null in every capture,
  // kept as sent (-1 = null or absent).
  int got_timeout_status = -1;
  int track_update_timeout_status = -1;
  int is_pre_sale = -1;
  int delivery_one_day = -1;
  std::int64_t logistics_id = -1;  // logistics_id (API) or shipping_id (back office); 0: none yet
  MaybeEpoch pre_sale_time;
  MaybeEpoch promise_delivery_time;  // 承诺送达时间
  MaybeEpoch urge_shipping_time;     // 催发货时间
  std::string order_status_str;      // the back office's own status word
  std::string after_sales_text;      // the back office's after-sale word, or the API code's word
  // order_tag_list entries whose value is 1, e.g. "region_black_delay_shipping", "ship_hold".
  std::vector<std::string> tags;
  std::vector<ExtraDelivery> extra_deliveries;
};

}  // namespace lanshou
