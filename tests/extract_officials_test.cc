// src/extract/officials.cc
#include <gtest/gtest.h>

#include "extract_util.h"
#include "test_util.h"

namespace corpus {
namespace {

using namespace test;  // extract_util.h: article, extract, names, find, Names

TEST(ExtractOfficials, TitleBeforeTheNameGivesRoleOrganisationAndCountry) {
  const auto es = extract(article(
      "Bộ trưởng Bộ Ngoại giao Nga Sergei Lavrov đã gặp Thủ tướng Phạm Minh Chính tại Hà Nội."));
  EXPECT_EQ(names(es, EntityType::official), (Names{"Phạm Minh Chính", "Sergei Lavrov"}));
  const Entity* lavrov = find(es, EntityType::official, "Sergei Lavrov");
  ASSERT_NE(lavrov, nullptr);
  EXPECT_EQ(lavrov->code, "RU");
  ASSERT_EQ(lavrov->roles.size(), 1u);
  EXPECT_EQ(lavrov->roles[0].title, "Bộ trưởng Bộ Ngoại giao Nga");
  EXPECT_EQ(find(es, EntityType::official, "Phạm Minh Chính")->code,
            "VN");  // a bare domestic title
}

TEST(ExtractOfficials, ApposedTitlesRanksAndHonorifics) {
  const auto es =
      extract(article("Thượng tướng Nguyễn Văn Long, Ủy viên Trung ương Đảng, Thứ trưởng Bộ Công "
                      "an tiếp bà Jane Doe, "
                      "Đại sứ Úc."));
  const Entity* long_ = find(es, EntityType::official, "Nguyễn Văn Long");
  ASSERT_NE(long_, nullptr);
  EXPECT_EQ(long_->ranks, std::vector<std::string>{"Thượng tướng"});
  EXPECT_EQ(long_->roles.size(), 2u);
  const Entity* doe = find(es, EntityType::official, "Jane Doe");
  ASSERT_NE(doe, nullptr);
  EXPECT_EQ(doe->code, "AU");
  EXPECT_EQ(doe->honorifics, std::vector<std::string>{"bà"});
}

TEST(ExtractOfficials, PhotoCreditsAreBylinesNotOfficials) {
  const auto es = extract(article(
      "Thủ tướng Phạm Minh Chính phát biểu. Ảnh: Nguyễn Hoàng/TTXVN\n\nBài viết tiếp theo."));
  EXPECT_EQ(names(es, EntityType::official), Names{"Phạm Minh Chính"});
}

TEST(ExtractOfficials, PastRolesAreFlagged) {
  const auto es = extract(article("Tổng Bí thư Tô Lâm (khi đó là Bộ trưởng Bộ Công an) thăm Lào."));
  const Entity* to_lam = find(es, EntityType::official, "Tô Lâm");
  ASSERT_NE(to_lam, nullptr);
  ASSERT_EQ(to_lam->roles.size(), 2u);
  EXPECT_FALSE(to_lam->roles[0].past);
  EXPECT_TRUE(to_lam->roles[1].past);
  EXPECT_EQ(to_lam->roles[1].title, "Bộ trưởng Bộ Công an");
}

TEST(ExtractOfficials, TitleOnlyReferencesResolveToTheLastNamedHolder) {
  const auto es = extract(
      article("Bộ trưởng Lê Văn Thành tiếp đoàn.\n\nBộ trưởng khẳng định hợp tác sẽ tiếp tục."));
  const Entity* thanh = find(es, EntityType::official, "Lê Văn Thành");
  ASSERT_NE(thanh, nullptr);
  ASSERT_EQ(thanh->mentions.size(), 2u);
  EXPECT_EQ(thanh->mentions[1].kind, "anaphor");
  EXPECT_EQ(thanh->mentions[1].text, "Bộ trưởng");
}

TEST(ExtractOfficials, ForeignSpellingsMergeVietnameseMarksNever) {
  const auto es =
      extract(article("Giám đốc Ali Naghiyev phát biểu. Giám đốc Ali Nagiyev ký.\n\n"
                      "Chủ tịch Lê Văn Hòa và Chủ tịch Lê Văn Hóa dự."));
  EXPECT_EQ(names(es, EntityType::official), (Names{"Ali Naghiyev", "Lê Văn Hòa", "Lê Văn Hóa"}));
  EXPECT_EQ(find(es, EntityType::official, "Ali Naghiyev")->aliases,
            std::vector<std::string>{"Ali Nagiyev"});
  Normalizer norm;
  EXPECT_TRUE(foreign_name_variants("Ali Naghiyev", "Ali Nagiyev", norm));
  EXPECT_FALSE(foreign_name_variants("Ali Naghiyev", "Ali Nagiyev Jr", norm));
  EXPECT_FALSE(foreign_name_variants("Paulo Chachine", "Paula Machine", norm));
}

TEST(ExtractOfficials, ATitleInAppositionIsEnough) {
  const auto vi =
      extract(article("Nguyễn Văn Thành, Giám đốc Sở Y tế Hà Nội, cho biết số ca mắc giảm."));
  EXPECT_EQ(names(vi, EntityType::official), Names{"Nguyễn Văn Thành"});
  const auto en = extract(
      article("Lee Iacocca, chairman of Chrysler Corp, said sales rose. Smith Barney, Harris said.",
              "SALES"));
  EXPECT_EQ(names(en, EntityType::official), Names{"Lee Iacocca"});
  EXPECT_EQ(find(en, EntityType::official, "Lee Iacocca")->roles.at(0).title, "chairman");
}

TEST(ExtractOfficials, EnglishTitles) {
  const auto es = extract(article(
      "Treasury Secretary James Baker met Prime Minister Yasuhiro Nakasone in Tokyo.", "TALKS"));
  EXPECT_EQ(names(es, EntityType::official), (Names{"James Baker", "Yasuhiro Nakasone"}));
  EXPECT_EQ(find(es, EntityType::official, "James Baker")->roles.at(0).title, "Treasury Secretary");
}

TEST(ExtractOfficials, TitlesCountOnlyInTheirOwnLanguage) {
  // `Premier` and `Sen` are English titles, and Vietnamese words or names here.
  const auto es =
      extract(article("Đội bóng dự giải Premier League và nhận giải Sen Vàng năm nay."));
  EXPECT_EQ(names(es, EntityType::official), Names{});
}

TEST(ExtractOfficials, PlacesAndAbbreviationsInTitlesAreNotNames) {
  const auto es =
      extract(article("Chủ tịch UBND TP Hồ Chí Minh Nguyễn Thành Phong phát biểu. Bí thư Thành ủy "
                      "Hà Nội cho biết thêm."));
  EXPECT_EQ(names(es, EntityType::official), Names{"Nguyễn Thành Phong"});
}

TEST(ExtractOfficials, AFamilyNameAloneJoinsTheFullName) {
  const auto es =
      extract(article("Tổng thống Trump phát biểu. Sau đó Tổng thống Mỹ Donald Trump gặp Tổng "
                      "thống Hàn Quốc Moon Jae-in."));
  EXPECT_EQ(names(es, EntityType::official), (Names{"Donald Trump", "Moon Jae-in"}));
  EXPECT_EQ(find(es, EntityType::official, "Donald Trump")->mentions.size(), 2u);
}

TEST(ExtractOfficials, APlaceAfterATitleIsNoOneAndTheNameStartsAtItsFamilyName) {
  // Neither `Đông Sơn` nor `Cẩm Lệ` begins with a family name: they are the places of the titles.
  auto es =
      extract(article("Chủ tịch UBND xã Đông Sơn cho biết nước đã rút. Hiệu trưởng trường THPT "
                      "Cẩm Lệ nói học sinh được nghỉ."));
  EXPECT_EQ(names(es, EntityType::official), Names{});
  es = extract(
      article("Chủ tịch UBND xã Đông Sơn Trần Văn Nam và Hiệu trưởng trường THPT Cẩm Lệ Ngô "
              "Thị Hạnh đã có mặt."));
  EXPECT_EQ(names(es, EntityType::official), (Names{"Ngô Thị Hạnh", "Trần Văn Nam"}));
  const Entity* nam = find(es, EntityType::official, "Trần Văn Nam");
  ASSERT_NE(nam, nullptr);
  EXPECT_EQ(nam->roles.at(0).title, "Chủ tịch UBND xã Đông Sơn");
}

TEST(ExtractOfficials, AVietnameseBodyBeforeAForeignNameIsNotPartOfIt) {
  const auto es =
      extract(article("Người phát ngôn Điện Élysée Benjamin Griveaux khẳng định điều đó."));
  EXPECT_EQ(names(es, EntityType::official), Names{"Benjamin Griveaux"});
}

TEST(ExtractOfficials, ARomanisedNameNeedsItsTitleRightBeforeIt) {
  // `Hun Sen` has no marks and no Vietnamese family name first: a name in its own spelling
  // when the title names it; `Cam Ranh`, after the words of a clause, is a place.
  auto es = extract(article("Thủ tướng Campuchia Hun Sen đến Hà Nội."));
  EXPECT_EQ(names(es, EntityType::official), Names{"Hun Sen"});
  es = extract(article("Bộ trưởng đề nghị nâng cấp cảng Cam Ranh trong năm nay."));
  EXPECT_EQ(names(es, EntityType::official), Names{});
}

TEST(ExtractOfficials, ALowerCaseTitleOrRankNamesOnlyAFullName) {
  auto es =
      extract(article("Tiếp đó, thủ tướng Hà Lan Mark Rutte gặp trung tướng Nguyễn Văn Sơn và "
                      "phó chủ tịch UBND tỉnh Phú Yên Lê Thị Mai."));
  EXPECT_EQ(names(es, EntityType::official), (Names{"Lê Thị Mai", "Mark Rutte", "Nguyễn Văn Sơn"}));
  EXPECT_EQ(find(es, EntityType::official, "Nguyễn Văn Sơn")->ranks,
            std::vector<std::string>{"trung tướng"});
  EXPECT_EQ(find(es, EntityType::official, "Mark Rutte")->code, "NL");
  // Generic uses: no one is named.
  es = extract(article("Ông ấy từng là giám đốc Sở Xây dựng. Các bộ trưởng Hà Lan đã họp."));
  EXPECT_EQ(names(es, EntityType::official), Names{});
}

TEST(ExtractOfficials, AVietnameseTitleAfterASpacedDashIsARole) {
  const auto es =
      extract(article("Bà Lê Thị Thu - giám đốc Sở Tài chính - cho biết ngân sách đã được giao."));
  const Entity* thu = find(es, EntityType::official, "Lê Thị Thu");
  ASSERT_NE(thu, nullptr);
  ASSERT_EQ(thu->roles.size(), 1u);
  EXPECT_EQ(thu->roles[0].title, "giám đốc Sở Tài chính");
}

TEST(ExtractOfficials, EnglishTitlesKeepTheirLowerCaseQualifiersAndTheirPast) {
  const auto es =
      extract(article("Shadow health secretary Andrew Lansley attacked the plan, and former "
                      "defence secretary Geoff "
                      "Hoon agreed. It was said finance minister Ralph Goodale would reply.",
                      "PLAN"));
  const Entity* lansley = find(es, EntityType::official, "Andrew Lansley");
  ASSERT_NE(lansley, nullptr);
  EXPECT_EQ(lansley->roles.at(0).title, "Shadow health secretary");
  const Entity* hoon = find(es, EntityType::official, "Geoff Hoon");
  ASSERT_NE(hoon, nullptr);
  EXPECT_EQ(hoon->roles.at(0).title, "defence secretary");
  EXPECT_TRUE(hoon->roles.at(0).past);
  // A verb of speech qualifies nothing.
  const Entity* goodale = find(es, EntityType::official, "Ralph Goodale");
  ASSERT_NE(goodale, nullptr);
  EXPECT_EQ(goodale->roles.at(0).title, "finance minister");
}

TEST(ExtractOfficials, AnEnglishNameInCommasAfterItsTitleAndHonorificsOutsideTheName) {
  const auto es =
      extract(article("Brazil's finance minister, Antonio Palocci, said rates would fall. Sir "
                      "Menzies Campbell, the "
                      "Lib Dem foreign affairs spokesman, disagreed.",
                      "RATES"));
  const Entity* palocci = find(es, EntityType::official, "Antonio Palocci");
  ASSERT_NE(palocci, nullptr);
  EXPECT_EQ(palocci->roles.at(0).title, "finance minister");
  const Entity* campbell = find(es, EntityType::official, "Menzies Campbell");
  ASSERT_NE(campbell, nullptr);
  EXPECT_EQ(campbell->honorifics, std::vector<std::string>{"Sir"});
  EXPECT_NE(campbell->roles.at(0).title.find("foreign affairs spokesman"), std::string::npos);
}
}  // namespace
}  // namespace corpus
