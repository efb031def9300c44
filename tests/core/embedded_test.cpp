#include "lanshou/embedded.h"

#include <gtest/gtest.h>

namespace lanshou {
namespace {

TEST(Embedded, RuleSetIsEmbeddedAndLooksLikeJson) {
  std::string_view rules = embedded_file("rules/pdd.json");
  ASSERT_FALSE(rules.empty());
  EXPECT_EQ(rules.front(), '{');
}

TEST(Embedded, UnknownPathIsEmpty) {
  EXPECT_TRUE(embedded_file("no/such.json").empty());
}

}  // namespace
}  // namespace lanshou
