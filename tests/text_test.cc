#include "corpus/text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace corpus::text {
namespace {

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  for_each_word(s, [&](std::size_t b, std::size_t e) { out.emplace_back(s.substr(b, e - b)); });
  return out;
}

TEST(Text, FirstInvalidUtf8GivesTheByteOffset) {
  EXPECT_EQ(first_invalid_utf8("Hà Nội"), std::nullopt);
  EXPECT_EQ(first_invalid_utf8("ab\xff"), 2u);
  EXPECT_EQ(first_invalid_utf8("Hà\xc3"), 3u);             // truncated sequence
  EXPECT_EQ(first_invalid_utf8("x\xc0\xaf"), 1u);          // overlong '/'
  EXPECT_EQ(first_invalid_utf8("\xed\xa0\x80"), 0u);       // a surrogate
}

TEST(Text, PunctuationSeparatesWordsSoPartsAreFindable) {
  EXPECT_EQ(words("TP.HCM"), (std::vector<std::string>{"TP", "HCM"}));
  EXPECT_EQ(words("COVID-19"), (std::vector<std::string>{"COVID", "19"}));
  EXPECT_EQ(words("Bà Rịa-Vũng Tàu"), (std::vector<std::string>{"Bà", "Rịa", "Vũng", "Tàu"}));
  EXPECT_EQ(words("don't"), (std::vector<std::string>{"don", "t"}));
  EXPECT_TRUE(words("\"(*) - …").empty());
}

TEST(Text, CombiningMarksStayInsideTheirWord) {
  const std::string nfd = "Đa\xcc\x80i";  // "Đài" with a combining grave
  EXPECT_EQ(words(nfd + " x"), (std::vector<std::string>{nfd, "x"}));
}

TEST(Text, WordOffsetsFallOnCharacterBoundaries) {
  const std::string s = "«Hà Nội»—Đà Nẵng";
  for_each_word(s, [&](std::size_t b, std::size_t e) {
    EXPECT_FALSE(first_invalid_utf8(s.substr(b, e - b)).has_value());
  });
}

TEST(Text, RunawayWordsAreCutAtCharacterBoundaries) {
  std::string s;
  for (int i = 0; i < 300; ++i) s += "đ";  // 2 bytes each
  const auto w = words(s);
  ASSERT_EQ(w.size(), 3u);
  for (const auto& x : w) {
    EXPECT_LE(x.size(), 256u);
    EXPECT_FALSE(first_invalid_utf8(x).has_value());
  }
  EXPECT_EQ(w[0] + w[1] + w[2], s);
}

TEST(Text, ToNfcComposes) {
  EXPECT_EQ(to_nfc("a\xcc\x80"), "à");
  EXPECT_EQ(to_nfc("plain"), "plain");
}

}  // namespace
}  // namespace corpus::text
