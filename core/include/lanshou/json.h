#pragma once
// JSON for the readers and writers of the core: a small document model, a strict RFC 8259
// parser and a writer. The rule, courier, template and keyword files, the options and wording
// requests and the aggregator traces merchants paste are all read with it.
//
// The writer prints what JSON for Modern C++ printed before it (the documents stay byte for byte
// the same): no spaces, integers as integers, other numbers as the shortest text that reads back
// the same (Grisu2, "2.0", "1e+20"), strings escaped as append_json_escaped does but \b and \f
// short, and ill-formed UTF-8 in built strings replaced by U+FFFD per maximal subpart.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lanshou {

class JsonValue {
 public:
  // Integers read without sign are kUint, with a minus sign kInt; numbers with a fraction or an
  // exponent, or too big for 64 bits, are kFloat.
  enum class Type : std::uint8_t { kNull, kBool, kInt, kUint, kFloat, kString, kArray, kObject };

  JsonValue() = default;
  static JsonValue boolean(bool b);
  static JsonValue integer(std::int64_t i);
  static JsonValue number(double d);
  static JsonValue string(std::string s);
  static JsonValue array();
  static JsonValue object();

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }
  bool is_bool() const { return type_ == Type::kBool; }
  bool is_integer() const { return type_ == Type::kInt || type_ == Type::kUint; }
  bool is_number() const { return is_integer() || type_ == Type::kFloat; }
  bool is_string() const { return type_ == Type::kString; }
  bool is_array() const { return type_ == Type::kArray; }
  bool is_object() const { return type_ == Type::kObject; }

  bool as_bool() const { return type_ == Type::kBool && bits_.b; }
  double as_double() const;
  std::int64_t as_int64() const;    // a kUint above INT64_MAX wraps, as a C++ cast does
  std::uint64_t as_uint64() const;  // a kInt below 0 wraps
  // The text of a string; "" for every other type.
  const std::string& str() const { return str_; }

  // Elements of an array, values of an object (in the order of keys()); empty otherwise.
  const std::vector<JsonValue>& items() const { return items_; }
  const std::vector<std::string>& keys() const { return keys_; }
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  const JsonValue& operator[](std::size_t i) const { return items_[i]; }
  // Indexes of an object's members ordered by key (bytewise), for the few readers whose output
  // order has always been the key order.
  std::vector<std::size_t> sorted_members() const;

  // The member named key of an object; nullptr when there is none or this is no object.
  const JsonValue* find(std::string_view key) const;
  JsonValue* find(std::string_view key);

  // Building: push_back on an array; set replaces the member named key of an object or appends
  // it (a null becomes an object first).
  void push_back(JsonValue v);
  JsonValue& set(std::string_view key, JsonValue v);

 private:
  friend class JsonParser;
  Type type_ = Type::kNull;
  union Bits {
    bool b;
    std::int64_t i;
    std::uint64_t u;
    double d;
  } bits_{};
  std::string str_;
  std::vector<std::string> keys_;  // objects only, one per item
  std::vector<JsonValue> items_;
};

// Deep enough for every document the core reads; deeper text is refused, never recursed into.
constexpr int kJsonMaxDepth = 256;

// Parses text (one value, optional UTF-8 BOM and whitespace around it). On failure returns false
// and, when error is given, says where and what in Chinese: "第 1 行第 9 列：缺少 :".
// A repeated key keeps its first place and its last value.
bool parse_json(std::string_view text, JsonValue* out, std::string* error = nullptr,
                int max_depth = kJsonMaxDepth);

enum class JsonKeys { kInOrder, kSorted };
// The value as compact JSON; kSorted writes every object's members in key order.
std::string write_json(const JsonValue& v, JsonKeys keys = JsonKeys::kInOrder);
void append_json(std::string& out, const JsonValue& v, JsonKeys keys = JsonKeys::kInOrder);
// A string as the writer writes it, quotes included.
void append_json_string(std::string& out, std::string_view s);

}  // namespace lanshou
