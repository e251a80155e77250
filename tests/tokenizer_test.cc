#include "corpus/tokenizer.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "corpus/normalize.h"

#include "corpus/text.h"
#include "test_util.h"

namespace corpus {
namespace {

TEST(Tokenizer, DocumentModeAddsFoldedFormsColocated) {
  const auto t = tokenize("Đại tướng", TokenizeMode::document);
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].text, "đại");
  EXPECT_FALSE(t[0].colocated);
  EXPECT_EQ(t[1].text, "dai");
  EXPECT_TRUE(t[1].colocated);
  EXPECT_EQ(t[1].start, t[0].start);
  EXPECT_EQ(t[2].text, "tướng");
  EXPECT_EQ(t[3].text, "tuong");
}

// The entity names' tokenizer: a query word meets its English base forms too.
TEST(Tokenizer, QueryModeMatchesExactlyPlusBaseForms) {
  const auto t = tokenize("Đại agreements", TokenizeMode::query);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].text, "đại");
  EXPECT_EQ(t[1].text, "agreements");
  EXPECT_EQ(t[2].text, "agreement");
  EXPECT_TRUE(t[2].colocated);
  const auto p = tokenize("agreements", TokenizeMode::prefix_query);
  ASSERT_EQ(p.size(), 1u);  // a prefix is matched as typed
}

TEST(Tokenizer, CapitalsAddACapsTokenAndAQueryInCapitalsAsksForIt) {
  const std::string caps_us = std::string(1, kCapsMark) + "us";
  const auto d = tokenize("US and U.S. told us", TokenizeMode::document);
  std::vector<std::string> words, colocated;
  for (const auto& tok : d) (tok.colocated ? colocated : words).push_back(tok.text);
  EXPECT_EQ(words, (std::vector<std::string>{"us", "and", "u", "s", "told", "us"}));
  // `US` and the initials `U.S.` each bring the caps token; the pronoun does not.
  EXPECT_EQ(std::count(colocated.begin(), colocated.end(), caps_us), 2);
  const auto q = tokenize("US", TokenizeMode::query);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].text, caps_us);
  const auto lower = tokenize("us", TokenizeMode::query);
  ASSERT_EQ(lower.size(), 1u);
  EXPECT_EQ(lower[0].text, "us");
}

// An article's language is one token of a column of its own, which no word meets: the
// tag's byte is no word character, so a text that holds one beside words is words.
TEST(Tokenizer, ALanguageTagIsOneTokenInEveryMode) {
  const std::string en = language_tag("en");
  EXPECT_TRUE(is_language_tag(en));
  for (auto mode : {TokenizeMode::document, TokenizeMode::query, TokenizeMode::aux}) {
    const auto t = tokenize(en, mode);
    ASSERT_EQ(t.size(), 1u);
    EXPECT_EQ(t[0].text, en);
    EXPECT_EQ(t[0].end, en.size());
  }
  for (const std::string& not_tag : {std::string("en"), std::string(1, kLanguageTagMark),
                                     en + " the", language_tag("EN"), language_tag("v1")}) {
    EXPECT_FALSE(is_language_tag(not_tag)) << not_tag;
    for (const auto& tok : tokenize(not_tag, TokenizeMode::document))
      EXPECT_FALSE(is_language_tag(tok.text)) << not_tag;
  }
}

TEST(Tokenizer, AuxModeGivesOneTokenPerWord) {
  const auto t = tokenize("Đại agreements", TokenizeMode::aux);
  ASSERT_EQ(t.size(), 2u);
}

TEST(Tokenizer, OffsetsAreBytesIntoTheOriginalNfdText) {
  const std::string nfd = test::to_nfd("Hòa bình, Đà Nẵng");
  for (const auto& tok : tokenize(nfd, TokenizeMode::document)) {
    ASSERT_LE(tok.end, nfd.size());
    EXPECT_FALSE(text::first_invalid_utf8(nfd.substr(tok.start, tok.end - tok.start)).has_value());
  }
  const auto t = tokenize(nfd, TokenizeMode::aux);
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(nfd.substr(t[3].start, t[3].end - t[3].start), test::to_nfd("Nẵng"));
  EXPECT_EQ(t[0].text, nfd.substr(0, t[0].end));  // as written: snippets read only offsets
}

// snippet() and highlight() place the index's matches by token position: the aux tokens must
// be the document's words one for one, at the same offsets.
TEST(Tokenizer, AuxTokensAreTheDocumentsWordsOneForOne) {
  const std::string text = test::to_nfd("Bộ trưởng Ngoại giao, COVID-19: TP.HCM đón Ð. agreements") + " Hoà khoẻ";
  std::vector<Token> words;
  for (const auto& tok : tokenize(text, TokenizeMode::document)) {
    if (!tok.colocated) words.push_back(tok);
  }
  const auto aux = tokenize(text, TokenizeMode::aux);
  ASSERT_EQ(aux.size(), words.size());
  for (std::size_t i = 0; i < aux.size(); ++i) {
    EXPECT_EQ(aux[i].start, words[i].start);
    EXPECT_EQ(aux[i].end, words[i].end);
    EXPECT_FALSE(aux[i].colocated);
  }
}

}  // namespace
}  // namespace corpus
