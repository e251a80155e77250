// src/extract/orgs.cc
#include <gtest/gtest.h>

#include "extract_util.h"
#include "test_util.h"

namespace corpus {
namespace {

using namespace test;  // extract_util.h: article, extract, names, find, Names

TEST(ExtractOrgs, KnownBodiesAnotherCountrysBodyAndBodiesByShape) {
  const auto es = extract(
      article("Bộ Công an tiếp đoàn Bộ Công an Lào và Tổ chức Y tế Thế giới. Tập đoàn Viettel và "
              "Công ty Cổ phần Sữa Việt Nam ký kết với Liên Hiệp Quốc."));
  const auto orgs = names(es, EntityType::org);
  EXPECT_NE(std::find(orgs.begin(), orgs.end(), "Bộ Công an"), orgs.end());
  EXPECT_NE(std::find(orgs.begin(), orgs.end(), "Bộ Công an Lào"), orgs.end());
  EXPECT_NE(std::find(orgs.begin(), orgs.end(), "Tổ chức Y tế Thế giới"), orgs.end());
  EXPECT_NE(std::find(orgs.begin(), orgs.end(), "Liên hợp quốc"), orgs.end());
  EXPECT_NE(std::find(orgs.begin(), orgs.end(), "Công ty Cổ phần Sữa Việt Nam"), orgs.end());
  EXPECT_EQ(find(es, EntityType::org, "Bộ Công an Lào")->code, "LA");
  EXPECT_EQ(find(es, EntityType::org, "Bộ Công an")->name_en, "Ministry of Public Security");
}

TEST(ExtractOrgs, ALocalBodyIsNamedByThePlaceItServes) {
  const auto es = extract(article(
      "UBND phường 7 đã phối hợp với Công an TP. Cần Thơ, Công an TP Huế và UBND TP.HCM. Sở Xây "
      "dựng tỉnh Nghệ An cho biết công trình sẽ xong."));
  const auto orgs = names(es, EntityType::org);
  EXPECT_EQ(orgs, (Names{"Công an TP Huế", "Công an TP. Cần Thơ", "Sở Xây dựng tỉnh Nghệ An",
                         "UBND TP.HCM", "UBND phường 7"}));
}

TEST(ExtractOrgs, ALowerCaseHeadNamesABodyOnlyBeforeItsPlaceOrCountry) {
  auto es = extract(article("Ban thường vụ đã họp với thành uỷ Đà Nẵng và chính phủ Canada."));
  const auto orgs = names(es, EntityType::org);
  EXPECT_NE(std::find(orgs.begin(), orgs.end(), "thành uỷ Đà Nẵng"), orgs.end());
  EXPECT_NE(std::find(orgs.begin(), orgs.end(), "chính phủ Canada"), orgs.end());
  // A common noun in lower case before a place is no body: the centre of a city.
  es =
      extract(article("Toàn bộ Hà Nội đã sẵn sàng; các sở Hà Nội, từng công ty Việt Nam và trung "
                      "tâm TP Vinh cũng vậy."));
  EXPECT_EQ(names(es, EntityType::org), Names{});
}

TEST(ExtractOrgs, ATitleThatBeginsWithAHeadIsNoBody) {
  const auto es =
      extract(article("Bộ trưởng Quốc phòng Pháp Florence Parly và Tổng cục trưởng Tổng "
                      "cục Hải quan Nguyễn Văn Cẩn đã gặp nhau."));
  for (const auto& org : names(es, EntityType::org)) {
    EXPECT_NE(org.rfind("Bộ trưởng", 0), 0u) << org;
    EXPECT_NE(org.rfind("Tổng cục trưởng", 0), 0u) << org;
  }
  const Entity* parly = find(es, EntityType::official, "Florence Parly");
  ASSERT_NE(parly, nullptr);
  EXPECT_EQ(parly->roles.at(0).title, "Bộ trưởng Quốc phòng Pháp");
  EXPECT_EQ(parly->roles.at(0).org, "");
  EXPECT_EQ(parly->code, "FR");
}
}  // namespace
}  // namespace corpus
