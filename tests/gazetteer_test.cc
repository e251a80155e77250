#include "corpus/gazetteer.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace corpus {
namespace {

std::string code_of(std::string_view name) {
  const CountryInfo* c = Gazetteer::instance().find_country(name);
  return c ? c->code : "";
}

TEST(Gazetteer, EveryCldrTerritoryHasBothNames) {
  const auto& countries = Gazetteer::instance().countries();
  // CLDR 42 names 250-odd territories; the count guards against reading an empty bundle.
  EXPECT_GE(countries.size(), 245u);
  for (const CountryInfo& c : countries) {
    EXPECT_FALSE(c.name_vi.empty()) << c.code;
    EXPECT_FALSE(c.name_en.empty()) << c.code;
  }
}

TEST(Gazetteer, CldrNamesInBothLanguages) {
  EXPECT_EQ(code_of("Nam Phi"), "ZA");
  EXPECT_EQ(code_of("South Africa"), "ZA");
  EXPECT_EQ(code_of("Thụy Điển"), "SE");
  EXPECT_EQ(code_of("Sweden"), "SE");
  EXPECT_EQ(code_of("Bờ Biển Ngà"), "CI");  // CLDR's variant form
  EXPECT_EQ(code_of("Miến Điện"), "MM");    // inside "Myanmar (Miến Điện)"
  EXPECT_EQ(code_of("Hồng Kông"), "HK");    // CLDR's short form
  EXPECT_EQ(code_of("UK"), "GB");
}

TEST(Gazetteer, ToneStyleNfdAndCaseDoNotMatter) {
  EXPECT_EQ(code_of("Thuỵ Điển"), "SE");  // new-style tone placement; CLDR has old-style
  EXPECT_EQ(code_of(test::to_nfd("Thụy Điển")), "SE");
  EXPECT_EQ(code_of("thụy điển"), "SE");
  EXPECT_EQ(code_of("za"), "ZA");
}

TEST(Gazetteer, SupplementHasThePressFormsCldrLacks) {
  EXPECT_EQ(code_of("Mỹ"), "US");
  EXPECT_EQ(code_of("Anh"), "GB");
  EXPECT_EQ(code_of("Úc"), "AU");
  EXPECT_EQ(code_of("Ý"), "IT");
  EXPECT_EQ(code_of("Liên bang Nga"), "RU");
  EXPECT_EQ(code_of("Viet Nam"), "VN");
  EXPECT_EQ(code_of("U.S."), "US");
  EXPECT_EQ(code_of("Liên Xô"), "SU");
}

TEST(Gazetteer, OrganisationsByEitherName) {
  const Gazetteer& g = Gazetteer::instance();
  ASSERT_NE(g.find_org("Liên hợp quốc"), nullptr);
  EXPECT_EQ(g.find_org("Liên hợp quốc"), g.find_org("Liên Hiệp Quốc"));
  EXPECT_EQ(g.find_org("Liên hợp quốc"), g.find_org("United Nations"));
  ASSERT_NE(g.find_org("Bộ Công an"), nullptr);
  EXPECT_EQ(g.find_org("Bộ Công an")->name_en, "Ministry of Public Security");
  EXPECT_EQ(g.find_org("Bộ Công an")->country, "VN");
  ASSERT_NE(g.find_agreement("Hanoi Convention"), nullptr);
  EXPECT_EQ(g.find_agreement("Hanoi Convention"), g.find_agreement("Công ước Hà Nội"));
}

TEST(Gazetteer, WordsCarryCaseSeparatorsAndSentenceStarts) {
  Normalizer norm;
  const WordList list("Ông T. Kubayi nói. Anh, Mỹ", norm);
  const auto& w = list.words;
  ASSERT_EQ(w.size(), 6u);
  EXPECT_TRUE(w[0].sentence_start);
  EXPECT_TRUE(w[1].single_letter);
  EXPECT_EQ(w[2].gap, Word::dot);           // after an initial: not a sentence end
  EXPECT_FALSE(w[2].sentence_start);
  EXPECT_TRUE(w[4].sentence_start);         // "Anh" after "nói."
  EXPECT_EQ(w[5].gap, Word::comma);
  EXPECT_TRUE(w[4].cap);
  EXPECT_EQ(w[3].exact, "nói");
}

}  // namespace
}  // namespace corpus
