#pragma once
// The words of the back office's pages as merchants copy them (core/data/input/backoffice.json):
// labels beside the export's column names, the labels of things lanshou does not read, the
// links and buttons the copied text keeps beside values, the filter form's empty values, and the
// status words the order list shows without a label. Shared by the reader and the join.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lanshou/input.h"

// Code that runs per line of a pasted page or per joined order, not per exported row: built for
// size in wasm (clang's minsize), like the cold sources of CMakeLists.txt; the page downloads it.
#if defined(__EMSCRIPTEN__) && defined(__clang__)
#define LANSHOU_SMALL __attribute__((minsize, noinline))
#else
#define LANSHOU_SMALL
#endif

namespace lanshou {

// How far an order has got, by its status word. Several sources of one order keep the furthest.
enum class StatusStage : std::uint8_t { kNone, kUnpaid, kAwaiting, kShipped, kDelivered, kClosed };

// The aliases of each field in core/data/input/fields.json ("fields": {key: [alias, ...]}), in
// file order, for keys[0..count): false when the document is no such object. Here, with the other
// data reading of the input, so that it is built for size in wasm.
bool field_aliases_from_data(std::string_view json_text, const std::string_view* keys,
                             std::size_t count, std::vector<std::vector<std::string>>* out);

class BackOfficeWords {
 public:
  // From the embedded core/data/input/backoffice.json, parsed once (checked by unit tests).
  static const BackOfficeWords& builtin();

  // Back-office labels that name a field, beside core/data/input/fields.json's aliases.
  const std::vector<std::pair<std::string, Field>>& labels() const { return labels_; }
  // A label of the page that names nothing lanshou reads (收货人, 商品ID, ID …).
  bool is_other_label(std::string_view label) const;
  const std::vector<std::string>& other_labels() const { return other_labels_; }
  // A link or button of the page (复制, 查看详情, 查看手机号 …).
  bool is_link_word(std::string_view word) const;
  // What an empty filter shows (全部, 不限, 请输入…).
  bool is_placeholder(std::string_view value) const;
  // The stage of a status word as the list page shows it (ASCII and full-width commas alike);
  // kNone when it is no status word.
  StatusStage status_stage(std::string_view word) const;
  // The value without the link words the copy put before or after it: "261205-… 复制" → "261205-…".
  std::string_view strip_links(std::string_view value) const;

 private:
  std::vector<std::pair<std::string, Field>> labels_;
  std::vector<std::string> other_labels_, link_words_, placeholders_;
  std::vector<std::pair<std::string, StatusStage>> status_words_;  // commas full-width
};

}  // namespace lanshou
