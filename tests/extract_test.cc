#include "corpus/extract.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "corpus/parse.h"
#include "test_util.h"

namespace corpus {
namespace {

// One article: a headline and paragraphs, in the article file format.
Article article(std::string_view body, std::string_view title = "Tin tức") {
  const std::string text = std::string(" date 2025-10-26 ") + std::string(title) + "\n\n" + std::string(body) + "\n";
  ParseResult r = parse_article_file(text, "t.txt");
  EXPECT_TRUE(r.ok()) << r.error.reason;
  return *r.article;
}

std::vector<Entity> extract(const Article& a) {
  Extractor x;
  return x.extract(a, a.body_text());
}

std::vector<std::string> names(const std::vector<Entity>& es, EntityType t) {
  std::vector<std::string> out;
  for (const auto& e : es) {
    if (e.type == t) out.push_back(t == EntityType::country ? e.code : e.name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

const Entity* find(const std::vector<Entity>& es, EntityType t, std::string_view name) {
  for (const auto& e : es) {
    if (e.type == t && e.name == name) return &e;
  }
  return nullptr;
}

using Names = std::vector<std::string>;

TEST(ExtractCountries, CldrAndPressNamesLinkToIsoCodes) {
  const auto es = extract(article(
      "Tổng thống Mỹ và Thủ tướng Anh đã gặp lãnh đạo Nam Phi, Thuỵ Điển và Cộng hòa Hồi giáo Iran tại Úc."));
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
  EXPECT_EQ(names(extract(article("Anh ấy nói rằng ý kiến của chị Mai Anh là đúng.")), EntityType::country), Names{});
  EXPECT_EQ(names(extract(article("Cầu thủ Nguyễn Tuấn Anh ghi bàn tại Mỹ Tho.")), EntityType::country), Names{});
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
  const Article a = article("The U.S. and Japan agreed with Britain, but Chad Smith of West Germany did not.",
                            "U.S. TRADE TALKS");
  const auto es = extract(a);
  EXPECT_EQ(names(es, EntityType::country), (Names{"DE", "GB", "JP", "US"}));
}

TEST(ExtractCountries, EnglishAdjectivesOfNationalityNameTheCountry) {
  const auto es = extract(article("Japanese officials met West German bankers in the Soviet Union.", "TALKS"));
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

TEST(ExtractOfficials, TitleBeforeTheNameGivesRoleOrganisationAndCountry) {
  const auto es = extract(article(
      "Bộ trưởng Bộ Ngoại giao Nga Sergei Lavrov đã gặp Thủ tướng Phạm Minh Chính tại Hà Nội."));
  EXPECT_EQ(names(es, EntityType::official), (Names{"Phạm Minh Chính", "Sergei Lavrov"}));
  const Entity* lavrov = find(es, EntityType::official, "Sergei Lavrov");
  ASSERT_NE(lavrov, nullptr);
  EXPECT_EQ(lavrov->code, "RU");
  ASSERT_EQ(lavrov->roles.size(), 1u);
  EXPECT_EQ(lavrov->roles[0].title, "Bộ trưởng Bộ Ngoại giao Nga");
  EXPECT_EQ(find(es, EntityType::official, "Phạm Minh Chính")->code, "VN");  // a bare domestic title
}

TEST(ExtractOfficials, ApposedTitlesRanksAndHonorifics) {
  const auto es = extract(article(
      "Thượng tướng Nguyễn Văn Long, Ủy viên Trung ương Đảng, Thứ trưởng Bộ Công an tiếp bà Jane Doe, "
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
  const auto es = extract(article(
      "Tổng Bí thư Tô Lâm (khi đó là Bộ trưởng Bộ Công an) thăm Lào."));
  const Entity* to_lam = find(es, EntityType::official, "Tô Lâm");
  ASSERT_NE(to_lam, nullptr);
  ASSERT_EQ(to_lam->roles.size(), 2u);
  EXPECT_FALSE(to_lam->roles[0].past);
  EXPECT_TRUE(to_lam->roles[1].past);
  EXPECT_EQ(to_lam->roles[1].title, "Bộ trưởng Bộ Công an");
}

TEST(ExtractOfficials, TitleOnlyReferencesResolveToTheLastNamedHolder) {
  const auto es = extract(article(
      "Bộ trưởng Lê Văn Thành tiếp đoàn.\n\nBộ trưởng khẳng định hợp tác sẽ tiếp tục."));
  const Entity* thanh = find(es, EntityType::official, "Lê Văn Thành");
  ASSERT_NE(thanh, nullptr);
  ASSERT_EQ(thanh->mentions.size(), 2u);
  EXPECT_EQ(thanh->mentions[1].kind, "anaphor");
  EXPECT_EQ(thanh->mentions[1].text, "Bộ trưởng");
}

TEST(ExtractOfficials, ForeignSpellingsMergeVietnameseMarksNever) {
  const auto es = extract(article(
      "Giám đốc Ali Naghiyev phát biểu. Giám đốc Ali Nagiyev ký.\n\n"
      "Chủ tịch Lê Văn Hòa và Chủ tịch Lê Văn Hóa dự."));
  EXPECT_EQ(names(es, EntityType::official), (Names{"Ali Naghiyev", "Lê Văn Hòa", "Lê Văn Hóa"}));
  EXPECT_EQ(find(es, EntityType::official, "Ali Naghiyev")->aliases, std::vector<std::string>{"Ali Nagiyev"});
  Normalizer norm;
  EXPECT_TRUE(foreign_name_variants("Ali Naghiyev", "Ali Nagiyev", norm));
  EXPECT_FALSE(foreign_name_variants("Ali Naghiyev", "Ali Nagiyev Jr", norm));
  EXPECT_FALSE(foreign_name_variants("Paulo Chachine", "Paula Machine", norm));
}

TEST(ExtractOfficials, ATitleInAppositionIsEnough) {
  const auto vi = extract(article("Nguyễn Văn Thành, Giám đốc Sở Y tế Hà Nội, cho biết số ca mắc giảm."));
  EXPECT_EQ(names(vi, EntityType::official), Names{"Nguyễn Văn Thành"});
  const auto en = extract(article("Lee Iacocca, chairman of Chrysler Corp, said sales rose. Smith Barney, Harris said.", "SALES"));
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
  const auto es = extract(article("Đội bóng dự giải Premier League và nhận giải Sen Vàng năm nay."));
  EXPECT_EQ(names(es, EntityType::official), Names{});
}

TEST(ExtractOfficials, PlacesAndAbbreviationsInTitlesAreNotNames) {
  const auto es = extract(article(
      "Chủ tịch UBND TP Hồ Chí Minh Nguyễn Thành Phong phát biểu. Bí thư Thành ủy Hà Nội cho biết thêm."));
  EXPECT_EQ(names(es, EntityType::official), Names{"Nguyễn Thành Phong"});
}

TEST(ExtractOfficials, AFamilyNameAloneJoinsTheFullName) {
  const auto es = extract(article(
      "Tổng thống Trump phát biểu. Sau đó Tổng thống Mỹ Donald Trump gặp Tổng thống Hàn Quốc Moon Jae-in."));
  EXPECT_EQ(names(es, EntityType::official), (Names{"Donald Trump", "Moon Jae-in"}));
  EXPECT_EQ(find(es, EntityType::official, "Donald Trump")->mentions.size(), 2u);
}

TEST(ExtractOrgs, KnownBodiesAnotherCountrysBodyAndBodiesByShape) {
  const auto es = extract(article(
      "Bộ Công an tiếp đoàn Bộ Công an Lào và Tổ chức Y tế Thế giới. Tập đoàn Viettel và "
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

TEST(ExtractAgreements, SpansSplitBeforeANewHeadAndKeepTopicCommas) {
  const auto es = extract(article(
      "Hai bên đang đàm phán Hiệp định dẫn độ, Hiệp định hợp tác phòng, chống tội phạm và Bản ghi nhớ "
      "về phòng, chống buôn bán người với Nam Phi."));
  EXPECT_EQ(names(es, EntityType::agreement),
            (Names{"Bản ghi nhớ về phòng, chống buôn bán người với Nam Phi", "Hiệp định dẫn độ",
                   "Hiệp định hợp tác phòng, chống tội phạm"}));
  for (const auto& e : es) {
    if (e.type != EntityType::agreement) continue;
    EXPECT_EQ(e.status, "under negotiation");
    EXPECT_EQ(e.parties, (std::vector<std::string>{"VN", "ZA"}));
  }
}

TEST(ExtractAgreements, GenericReferencesAreNotAgreements) {
  const auto es = extract(article("Các hiệp định đã ký và những Thỏa thuận hợp tác. Thỏa thuận song phương này quan trọng."));
  EXPECT_EQ(names(es, EntityType::agreement), Names{});
}

TEST(ExtractAgreements, PartiesClauseBracketedAliasAndKnownNames) {
  const auto es = extract(article(
      "Lễ mở ký Công ước Liên hợp quốc về chống tội phạm mạng (Công ước Hà Nội) diễn ra. "
      "Bộ Công an Việt Nam và Cơ quan An ninh quốc gia Azerbaijan đã ký Thỏa thuận hợp tác trong lĩnh vực "
      "an ninh giữa Bộ Công an Việt Nam và Cơ quan An ninh quốc gia Azerbaijan."));
  const Entity* convention = find(es, EntityType::agreement, "Công ước Liên hợp quốc về chống tội phạm mạng");
  ASSERT_NE(convention, nullptr);
  EXPECT_EQ(convention->agreement_kind, "convention");
  EXPECT_EQ(convention->name_en, "United Nations Convention against Cybercrime");
  EXPECT_NE(std::find(convention->aliases.begin(), convention->aliases.end(), "Công ước Hà Nội"),
            convention->aliases.end());
  const Entity* security = find(es, EntityType::agreement, "Thỏa thuận hợp tác trong lĩnh vực an ninh");
  ASSERT_NE(security, nullptr);
  EXPECT_EQ(security->parties, (std::vector<std::string>{"AZ", "VN"}));
  EXPECT_EQ(security->status, "signed");
  EXPECT_EQ(security->date, "2025-10-26");
}

TEST(ExtractAll, SeedMentionsSliceTheirFieldsOnCharacterBoundaries) {
  for (const char* id : {"000", "001", "004"}) {
    ParseResult r = parse_article_file(test::read_file(test::seed_path(id)), test::seed_path(id));
    ASSERT_TRUE(r.ok());
    const Article& a = *r.article;
    const std::string body = a.body_text();
    const std::string_view fields[] = {a.title, a.lead.text, body};
    for (const auto& e : extract(a)) {
      for (const auto& m : e.mentions) {
        const std::string_view f = fields[static_cast<int>(m.field)];
        ASSERT_LE(m.end, f.size());
        EXPECT_EQ(f.substr(m.begin, m.end - m.begin), m.text);
        EXPECT_NE(static_cast<unsigned char>(f[m.begin]) & 0xC0, 0x80);  // not a continuation byte
      }
    }
  }
}

}  // namespace
}  // namespace corpus
