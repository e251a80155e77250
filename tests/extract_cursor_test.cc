// src/extract/cursor.cc
#include "corpus/extract/cursor.h"

#include <gtest/gtest.h>

namespace corpus::extraction {
namespace {

struct Opened {
  explicit Opened(std::string_view text, bool vi = true)
      : cursor(Gazetteer::instance(), norm, text, nullptr, Field::body, vi, scratch) {}
  Normalizer norm;
  CursorScratch scratch;
  SentenceCursor cursor;
};

std::size_t word(const SentenceCursor& c, std::string_view exact) {
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (c[i].exact == exact) return i;
  }
  ADD_FAILURE() << "no word " << exact;
  return 0;
}

TEST(SentenceCursor, SentencesHaveBoundsAndAHeadlineInCapitalsIsKnown) {
  Opened o("CHAIRMAN RESIGNS AT ONCE. The chairman of Chrysler resigned. He left.", false);
  const SentenceCursor& c = o.cursor;
  EXPECT_TRUE(c.all_caps_sentence(0));
  const std::size_t of = word(c, "of");
  EXPECT_FALSE(c.all_caps_sentence(of));
  const Span s = c.sentence_of(of);
  EXPECT_EQ(c[s.b].exact, "the");
  EXPECT_EQ(c[s.e - 1].exact, "resigned");
  EXPECT_EQ(c.sentence(s.b), c.sentence(of));
  EXPECT_NE(c.sentence(s.e), c.sentence(of));
}

TEST(SentenceCursor, APhotoCreditIsExcludedToTheEndOfItsParagraph) {
  Opened o("Thủ tướng phát biểu. Ảnh: Nguyễn Hoàng/TTXVN\n\nBài viết của Nguyễn Văn An.");
  const SentenceCursor& c = o.cursor;
  EXPECT_TRUE(c.excluded(word(c, "nguyễn")));
  EXPECT_TRUE(c.excluded(word(c, "ttxvn")));
  EXPECT_FALSE(c.excluded(word(c, "bài")));
  EXPECT_FALSE(c.excluded(word(c, "an")));
  EXPECT_FALSE(c.excluded(word(c, "thủ")));
}

TEST(SentenceCursor, LexiconPhrasesSurnamesAndPlacesAreReadOnce) {
  Opened o("Bộ trưởng Nguyễn Văn An đến Hà Nội và Lào Cai.");
  const SentenceCursor& c = o.cursor;
  const Phrase* title = c.match(0, {PhraseKind::title});
  ASSERT_NE(title, nullptr);
  EXPECT_EQ(title->length, 2u);
  EXPECT_EQ(c.match(0, {PhraseKind::country}), nullptr);
  EXPECT_TRUE(c.surname(word(c, "nguyễn")));
  EXPECT_FALSE(c.surname(word(c, "an")));
  EXPECT_EQ(c.place(word(c, "hà")), 2u);
  // `Lào` begins the province, not only the country.
  EXPECT_EQ(c.place(word(c, "lào")), 2u);
  EXPECT_TRUE(c.stop_at(word(c, "đến")));
  EXPECT_FALSE(c.stop_at(word(c, "và")));  // a connector, which each rule reads itself
  EXPECT_TRUE(c.stop_at(c.size()));
}

TEST(SentenceCursor, MentionsAndSurfacesKeepTheTextAsWritten) {
  Opened o("Ông  Nguyễn\nVăn An nói.");
  const SentenceCursor& c = o.cursor;
  const Span name{1, 4};
  EXPECT_EQ(c.surface(name), "Nguyễn Văn An");
  EXPECT_EQ(c.raw(name), "Nguyễn\nVăn An");
  EXPECT_EQ(c.key_of(name), "nguyễn văn an");
  EXPECT_EQ(c.folded_of(name), "nguyen van an");
  const Mention m = c.mention(name, "name");
  EXPECT_EQ(m.text, "Nguyễn\nVăn An");
  EXPECT_EQ(m.begin, std::string_view("Ông  ").size());
  EXPECT_TRUE(c.joined(2));
  EXPECT_EQ(c.gap_before(2), "\n");
  EXPECT_EQ(c.gap_before(1), "  ");
}

}  // namespace
}  // namespace corpus::extraction
