#include "corpus/normalize.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace corpus {
namespace {

std::string exact(std::string_view w) {
  Normalizer n;
  return n.forms(w).exact;
}
std::string folded(std::string_view w) {
  Normalizer n;
  const auto& f = n.forms(w);
  return f.folded.empty() ? f.exact : f.folded;
}

TEST(Normalize, OldAndNewStyleToneMarksShareOneExactForm) {
  EXPECT_EQ(exact("hòa"), exact("hoà"));
  EXPECT_EQ(exact("khỏe"), exact("khoẻ"));
  EXPECT_EQ(exact("thủy"), exact("thuỷ"));
  EXPECT_EQ(exact("Thỏa"), exact("thoả"));
  EXPECT_EQ(exact("qúy"), exact("quý"));
}

TEST(Normalize, TonePlacementKeepsOtherSyllablesAsWritten) {
  EXPECT_EQ(exact("của"), "của");
  EXPECT_EQ(exact("hoàng"), "hoàng");
  EXPECT_EQ(exact("người"), "người");
  EXPECT_EQ(exact("giữa"), "giữa");
  EXPECT_EQ(exact("ngoài"), "ngoài");
  EXPECT_EQ(exact("café"), "café");  // not a Vietnamese syllable: untouched
}

TEST(Normalize, CaseAndNormalisationFormDoNotMatter) {
  EXPECT_EQ(exact("ĐẠI"), "đại");
  EXPECT_EQ(exact(test::to_nfd("Đại")), "đại");
  EXPECT_EQ(exact(test::to_nfd("hòa")), exact("hoà"));
}

TEST(Normalize, FoldingDropsMarksAndMapsDStroke) {
  EXPECT_EQ(folded("Đại"), "dai");
  EXPECT_EQ(folded("dài"), "dai");
  EXPECT_EQ(folded("Quốc"), "quoc");
  EXPECT_EQ(folded("đường"), "duong");
  EXPECT_EQ(folded("\xc3\x90" "ại"), "dai");  // U+00D0 typed for Đ
  EXPECT_EQ(exact("\xc3\x90" "ại"), "đại");
}

TEST(Normalize, DedupeReadsALoneYAfterAConsonantAsI) {
  auto hash = [](std::string_view w) { return normalize_word(w, nullptr).folded_hash; };
  // One word, two spellings: dedupe sees one.
  EXPECT_EQ(hash("tỷ"), hash("tỉ"));
  EXPECT_EQ(hash("kỹ"), hash("kĩ"));
  EXPECT_EQ(hash("Lý"), hash("lí"));
  EXPECT_EQ(hash("quy"), hash("qui"));
  EXPECT_EQ(hash("Mỹ"), hash("mĩ"));
  // Other words: `ay`/`ai`, `uy`/`ui`, `y` alone, longer syllables.
  EXPECT_NE(hash("tay"), hash("tai"));
  EXPECT_NE(hash("huy"), hash("hui"));
  EXPECT_NE(hash("y"), hash("i"));
  EXPECT_NE(hash("nguy"), hash("ngui"));
  // Search keeps the spellings apart.
  EXPECT_NE(normalize_word("tỷ", nullptr).folded, normalize_word("tỉ", nullptr).folded);
}

TEST(Normalize, AccentedFormsStayDistinct) {
  EXPECT_NE(exact("dài"), exact("đại"));
  EXPECT_NE(exact("đường"), exact("dương"));
}

TEST(Normalize, FoldedIsEmptyWhenNothingToFold) {
  Normalizer n;
  EXPECT_TRUE(n.forms("Azerbaijan").folded.empty());
  EXPECT_EQ(n.forms("Azerbaijan").exact, "azerbaijan");
}

TEST(Normalize, EnglishWordsGetTheirStem) {
  Normalizer n;
  EXPECT_EQ(n.forms("agreements").stem, "agreement");
  EXPECT_EQ(n.forms("Signed").stem, "sign");
  EXPECT_EQ(n.forms("going").stem, "go");
  EXPECT_TRUE(n.forms("agreement").stem.empty());  // its own stem
}

TEST(Normalize, UnaccentedVietnameseIsNeverStemmed) {
  EXPECT_TRUE(looks_vietnamese_syllable("nguyen"));
  EXPECT_TRUE(looks_vietnamese_syllable("quang"));
  EXPECT_TRUE(looks_vietnamese_syllable("ky"));
  EXPECT_FALSE(looks_vietnamese_syllable("agreements"));
  EXPECT_FALSE(looks_vietnamese_syllable("mining"));
  EXPECT_FALSE(looks_vietnamese_syllable("going"));  // `oi` takes no final consonant
  for (const char* vi : {"huynh", "truong", "nguyen", "khuyen", "xoong", "quyen", "giang", "ngoai", "tuoi"}) {
    EXPECT_TRUE(looks_vietnamese_syllable(vi)) << vi;
  }
  Normalizer n;
  EXPECT_TRUE(n.forms("ky").stem.empty());
  EXPECT_TRUE(n.forms("nhung").stem.empty());
}

TEST(Normalize, CacheGivesTheRulesAnswer) {
  Normalizer n;
  for (const char* w : {"Hòa", "hoà", "Đại", "agreements", "Hòa"}) {
    const TokenForms direct = normalize_word(w, make_english_stemmer().get());
    EXPECT_EQ(n.forms(w).exact, direct.exact) << w;
    EXPECT_EQ(n.forms(w).folded, direct.folded) << w;
    EXPECT_EQ(n.forms(w).stem, direct.stem) << w;
  }
}

}  // namespace
}  // namespace corpus
