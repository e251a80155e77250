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
  auto hash = [](std::string_view w) { return normalize_word(w).folded_hash; };
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
  EXPECT_NE(normalize_word("tỷ").folded, normalize_word("tỉ").folded);
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

TEST(Normalize, EnglishWordsGetTheirBaseForms) {
  using V = std::vector<std::string>;
  Normalizer n;
  EXPECT_EQ(n.forms("agreements").lemmas, V{"agreement"});
  EXPECT_EQ(n.forms("Signed").lemmas, V{"sign"});
  EXPECT_EQ(n.forms("going").lemmas, V{"go"});
  EXPECT_TRUE(n.forms("agreement").lemmas.empty());  // a base form itself
  // Inflection, never derivation: these are words of their own.
  EXPECT_TRUE(n.forms("organization").lemmas.empty());
  EXPECT_TRUE(n.forms("business").lemmas.empty());
  EXPECT_TRUE(n.forms("universe").lemmas.empty());
  EXPECT_TRUE(n.forms("news").lemmas.empty());
  // Words with marks are not English.
  EXPECT_TRUE(n.forms("bạn").lemmas.empty());
}

TEST(Normalize, WordsInCapitalsBringACapsToken) {
  Normalizer n;
  EXPECT_EQ(n.forms("US").caps, std::string(1, kCapsMark) + "us");
  EXPECT_EQ(n.forms("WHO").caps, std::string(1, kCapsMark) + "who");
  EXPECT_EQ(n.forms("UBND").caps, std::string(1, kCapsMark) + "ubnd");
  EXPECT_EQ(n.forms("US").exact, "us");  // the word itself is still `us`
  for (const char* w : {"us", "Us", "uS", "A", "NATIONS", "COVID19", "ĐH"}) {
    EXPECT_TRUE(n.forms(w).caps.empty()) << w;
  }
}

TEST(Normalize, DottedInitialsSpellACapsToken) {
  std::size_t end = 0;
  EXPECT_EQ(dotted_caps("the U.S. said", 4, end), std::string(1, kCapsMark) + "us");
  EXPECT_EQ(end, 8u);
  EXPECT_EQ(dotted_caps("U.N.", 0, end), std::string(1, kCapsMark) + "un");
  // One initial is a name's (`T. Kubayi`); a letter after the dot, or a sixth, is no acronym.
  for (const char* no : {"T. Kubayi", "U.Sa", "A.B.C.D.E.F.", "u.s.", "US"}) {
    EXPECT_TRUE(dotted_caps(no, 0, end).empty()) << no;
  }
}

TEST(Normalize, RecognisesUnaccentedVietnameseSyllables) {
  EXPECT_TRUE(looks_vietnamese_syllable("nguyen"));
  EXPECT_TRUE(looks_vietnamese_syllable("quang"));
  EXPECT_TRUE(looks_vietnamese_syllable("ky"));
  EXPECT_FALSE(looks_vietnamese_syllable("agreements"));
  EXPECT_FALSE(looks_vietnamese_syllable("mining"));
  EXPECT_FALSE(looks_vietnamese_syllable("going"));  // `oi` takes no final consonant
  for (const char* vi : {"huynh", "truong", "nguyen", "khuyen", "xoong", "quyen", "giang", "ngoai", "tuoi"}) {
    EXPECT_TRUE(looks_vietnamese_syllable(vi)) << vi;
  }
}

TEST(Normalize, CacheGivesTheRulesAnswer) {
  Normalizer n;
  for (const char* w : {"Hòa", "hoà", "Đại", "agreements", "Hòa", "US", "us"}) {
    const TokenForms direct = normalize_word(w);
    EXPECT_EQ(n.forms(w).exact, direct.exact) << w;
    EXPECT_EQ(n.forms(w).folded, direct.folded) << w;
    EXPECT_EQ(n.forms(w).lemmas, direct.lemmas) << w;
    EXPECT_EQ(n.forms(w).caps, direct.caps) << w;
  }
}

}  // namespace
}  // namespace corpus
