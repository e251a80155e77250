#include "corpus/inflect.h"

#include <gtest/gtest.h>

namespace corpus {
namespace {

using Words = std::vector<std::string>;

TEST(Inflect, RegularInflectionsGiveTheirBase) {
  EXPECT_EQ(english_lemmas("talks"), Words{"talk"});
  EXPECT_EQ(english_lemmas("talked"), Words{"talk"});
  EXPECT_EQ(english_lemmas("talking"), Words{"talk"});
  EXPECT_EQ(english_lemmas("companies"), Words{"company"});
  EXPECT_EQ(english_lemmas("agreements"), Words{"agreement"});
  EXPECT_EQ(english_lemmas("boxes"), Words{"box"});
  EXPECT_EQ(english_lemmas("trading"), Words{"trade"});  // `-ing` for `-e`
  EXPECT_EQ(english_lemmas("goes"), Words{"go"});        // a two-letter verb
}

TEST(Inflect, IrregularFormsComeFromWordNetsLists) {
  EXPECT_EQ(english_lemmas("went"), Words{"go"});
  EXPECT_EQ(english_lemmas("children"), Words{"child"});
  EXPECT_EQ(english_lemmas("banned"), Words{"ban"});  // the doubled consonant
  EXPECT_EQ(english_lemmas("women"), Words{"woman"});
  EXPECT_EQ(english_lemmas("has"), Words{"have"});
  const Words saw = english_lemmas("saw");  // a noun of its own, and a form of `see`
  EXPECT_NE(std::find(saw.begin(), saw.end(), "see"), saw.end());
}

TEST(Inflect, DerivedWordsAreNotInflections) {
  for (const char* w :
       {"organization", "business", "universe", "university", "news", "organ", "busy"}) {
    EXPECT_TRUE(english_lemmas(w).empty()) << w;
    EXPECT_TRUE(is_english_lemma(w)) << w;
  }
}

TEST(Inflect, ComparativesOnlyOfWordsThatAreNoNounOrVerb) {
  EXPECT_EQ(english_lemmas("bigger"), Words{"big"});
  EXPECT_EQ(english_lemmas("widest"), Words{"wide"});
  EXPECT_TRUE(english_lemmas("offer").empty());   // not `off`
  EXPECT_TRUE(english_lemmas("number").empty());  // not `numb`
  EXPECT_TRUE(english_lemmas("better").empty());  // not `good`
}

TEST(Inflect, ShortBasesAndNonWords) {
  EXPECT_TRUE(english_lemmas("us").empty());   // not the letter `u`
  EXPECT_TRUE(english_lemmas("its").empty());  // not `it`
  EXPECT_TRUE(english_lemmas("glass").empty());
  EXPECT_TRUE(english_lemmas("zzxq").empty());
  EXPECT_FALSE(is_english_lemma("zzxq"));
  EXPECT_FALSE(is_english_lemma(""));
  EXPECT_TRUE(english_lemmas("").empty());
}

}  // namespace
}  // namespace corpus
