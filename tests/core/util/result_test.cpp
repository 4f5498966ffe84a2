#include <gtest/gtest.h>

#include "core/util/errors.h"
#include "core/util/result.h"

TEST(Result, CarriesValue) {
  auto r = sam3::capture([] { return 42; });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value(), 42);
}

TEST(Result, MapsTypedErrors) {
  using K = sam3::ErrorInfo::Kind;
  auto fmt = sam3::capture(
      []() -> int { throw sam3::FormatError("a.json", "line 3, column 7", "expected ','"); });
  ASSERT_FALSE(fmt.ok());
  EXPECT_EQ(fmt.error().kind, K::Format);
  EXPECT_EQ(fmt.error().message, "a.json (line 3, column 7): expected ','");

  auto cfg =
      sam3::capture([]() -> int { throw sam3::ConfigError("c.yaml", "line 2", "unknown key"); });
  EXPECT_EQ(cfg.error().kind, K::Config);
  auto oom =
      sam3::capture([]() -> int { throw sam3::OutOfMemory("CUDA out of memory", "lower batch"); });
  EXPECT_EQ(oom.error().kind, K::OutOfMemory);
  EXPECT_NE(oom.error().message.find("lower batch"), std::string::npos);
  auto cancel = sam3::capture([]() -> int { throw sam3::Cancelled(); });
  EXPECT_EQ(cancel.error().kind, K::Cancelled);
  auto other = sam3::capture([]() -> int { throw std::logic_error("boom"); });
  EXPECT_EQ(other.error().kind, K::Other);
  EXPECT_EQ(other.error().message, "boom");
}
