// src/extract/countries.cc
#include <gtest/gtest.h>

#include "extract_util.h"
#include "test_util.h"

namespace corpus {
namespace {

using namespace test;  // extract_util.h: article, extract, names, find, Names

TEST(ExtractCountries, CldrAndPressNamesLinkToIsoCodes) {
  const auto es =
      extract(article("Tổng thống Mỹ và Thủ tướng Anh đã gặp lãnh đạo Nam Phi, Thuỵ Điển và Cộng "
                      "hòa Hồi giáo Iran tại Úc."));
  EXPECT_EQ(names(es, EntityType::country), (Names{"AU", "GB", "IR", "SE", "US", "ZA"}));
}

TEST(ExtractCountries, TheLongFormIsPartOfTheMention) {
  const Article a = article("Đoàn đại biểu Cộng hòa Hồi giáo Iran sang thăm.");
  const auto es = extract(a);
  ASSERT_EQ(names(es, EntityType::country), Names{"IR"});
  for (const auto& e : es) {
    if (e.type == EntityType::country) {
      EXPECT_EQ(e.mentions.at(0).text, "Cộng hòa Hồi giáo Iran");
    }
  }
}

TEST(ExtractCountries, PronounsAndPersonalOrPlaceNamesAreNotCountries) {
  EXPECT_EQ(names(extract(article("Anh ấy nói rằng ý kiến của chị Mai Anh là đúng.")),
                  EntityType::country),
            Names{});
  EXPECT_EQ(
      names(extract(article("Cầu thủ Nguyễn Tuấn Anh ghi bàn tại Mỹ Tho.")), EntityType::country),
      Names{});
  EXPECT_EQ(names(extract(article("Mưa lớn ở Lào Cai và Nga Sơn.")), EntityType::country), Names{});
  EXPECT_EQ(names(extract(article("Ông Nguyễn Minh Đức cho biết.")), EntityType::country), Names{});
}

TEST(ExtractCountries, NfdTextGivesTheSameMentionsWithItsOwnOffsets) {
  const std::string text = "Bộ trưởng Thụy Điển và Nam Phi.";
  const Article nfc = article(text), nfd = article(test::to_nfd(text));
  EXPECT_EQ(names(extract(nfc), EntityType::country), names(extract(nfd), EntityType::country));
  const std::string body = nfd.body_text();
  const std::string_view fields[] = {nfd.title, nfd.lead.text, body};
  for (const auto& e : extract(nfd)) {
    for (const auto& m : e.mentions) {
      const std::string_view field = fields[static_cast<int>(m.field)];
      ASSERT_LE(m.end, field.size());
      EXPECT_EQ(field.substr(m.begin, m.end - m.begin), m.text);
    }
  }
}

TEST(ExtractCountries, EnglishNames) {
  const Article a =
      article("The U.S. and Japan agreed with Britain, but Chad Smith of West Germany did not.",
              "U.S. TRADE TALKS");
  const auto es = extract(a);
  EXPECT_EQ(names(es, EntityType::country), (Names{"DE", "GB", "JP", "US"}));
}

TEST(ExtractCountries, EnglishAdjectivesOfNationalityNameTheCountry) {
  const auto es =
      extract(article("Japanese officials met West German bankers in the Soviet Union.", "TALKS"));
  EXPECT_EQ(names(es, EntityType::country), (Names{"DE", "JP", "SU"}));
  for (const auto& e : es) {
    if (e.code == "JP") {
      EXPECT_EQ(e.mentions.at(0).kind, "adjective");
    }
    if (e.code == "SU") {
      EXPECT_EQ(e.mentions.at(0).kind, "name");  // "Soviet Union", the longer match
    }
  }
}

}  // namespace
}  // namespace corpus
