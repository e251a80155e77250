// src/extract/agreements.cc
#include <gtest/gtest.h>

#include "extract_util.h"
#include "test_util.h"

namespace corpus {
namespace {

using namespace test;  // extract_util.h: article, extract, names, find, Names

TEST(ExtractAgreements, SpansSplitBeforeANewHeadAndKeepTopicCommas) {
  const auto es =
      extract(article("Hai bên đang đàm phán Hiệp định dẫn độ, Hiệp định hợp tác phòng, chống tội "
                      "phạm và Bản ghi nhớ "
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
  const auto es = extract(article(
      "Các hiệp định đã ký và những Thỏa thuận hợp tác. Thỏa thuận song phương này quan trọng."));
  EXPECT_EQ(names(es, EntityType::agreement), Names{});
}

TEST(ExtractAgreements, PartiesClauseBracketedAliasAndKnownNames) {
  const auto es = extract(
      article("Lễ mở ký Công ước Liên hợp quốc về chống tội phạm mạng (Công ước Hà Nội) diễn ra. "
              "Bộ Công an Việt Nam và Cơ quan An ninh quốc gia Azerbaijan đã ký Thỏa thuận hợp tác "
              "trong lĩnh vực "
              "an ninh giữa Bộ Công an Việt Nam và Cơ quan An ninh quốc gia Azerbaijan."));
  const Entity* convention =
      find(es, EntityType::agreement, "Công ước Liên hợp quốc về chống tội phạm mạng");
  ASSERT_NE(convention, nullptr);
  // The span too, not only the known name: the body's name inside it goes on past `Liên`.
  EXPECT_EQ(convention->mentions.at(0).text, "Công ước Liên hợp quốc về chống tội phạm mạng");
  EXPECT_EQ(convention->agreement_kind, "convention");
  EXPECT_EQ(convention->name_en, "United Nations Convention against Cybercrime");
  EXPECT_NE(std::find(convention->aliases.begin(), convention->aliases.end(), "Công ước Hà Nội"),
            convention->aliases.end());
  const Entity* security =
      find(es, EntityType::agreement, "Thỏa thuận hợp tác trong lĩnh vực an ninh");
  ASSERT_NE(security, nullptr);
  EXPECT_EQ(security->parties, (std::vector<std::string>{"AZ", "VN"}));
  EXPECT_EQ(security->status, "signed");
  EXPECT_EQ(security->date, "2025-10-26");
}

TEST(ExtractAgreements, ATreatyInAnOrganisationsNameIsTheOrganisation) {
  const auto vi = extract(article("Tổ chức Hiệp ước Đông Nam Á (SEATO) giải thể năm 1977."));
  EXPECT_EQ(names(vi, EntityType::agreement), Names{});
  EXPECT_EQ(names(vi, EntityType::org), Names{"Tổ chức Hiệp ước Đông Nam Á"});
  const auto en =
      extract(article("The Southeast Asia Treaty Organization was dissolved.", "SEATO"));
  EXPECT_EQ(names(en, EntityType::agreement), Names{});
}

TEST(ExtractAgreements, TheClauseAfterAProperNameIsNotPartOfIt) {
  const auto es = extract(article(
      "Hiệp định EVFTA sắp có hiệu lực. Công ước Berne được nhiều nước phê chuẩn. Thỏa thuận mua "
      "Su-35 được Indonesia và Nga ký kết. Hiệp định Paris về biến đổi khí hậu được thông qua."));
  // The Paris Agreement is a known instrument: its Vietnamese name, the text's as a mention.
  EXPECT_EQ(names(es, EntityType::agreement), (Names{"Công ước Berne", "Hiệp định EVFTA",
                                                     "Thỏa thuận Paris", "Thỏa thuận mua Su-35"}));
  const Entity* paris = find(es, EntityType::agreement, "Thỏa thuận Paris");
  ASSERT_NE(paris, nullptr);
  EXPECT_EQ(paris->mentions.at(0).text, "Hiệp định Paris về biến đổi khí hậu");
}
}  // namespace
}  // namespace corpus
