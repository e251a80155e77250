#include "corpus/query.h"

#include <gtest/gtest.h>

namespace corpus {
namespace {

TEST(Query, WordsAreQuotedAndAllRequired) {
  const auto q = compile_query("luong tam quang");
  EXPECT_EQ(q.match, R"(("luong" AND "tam" AND "quang"))");
  EXPECT_EQ(q.phrase, R"("luong tam quang")");
}

TEST(Query, Operators) {
  EXPECT_EQ(compile_query(R"("thoả thuận")").match, R"("thoả thuận")");
  EXPECT_EQ(compile_query("a OR b").match, R"(("a" OR "b"))");
  EXPECT_EQ(compile_query("a -b").match, R"((("a") NOT ("b")))");
  EXPECT_EQ(compile_query("naghi*").match, R"("naghi" *)");
  EXPECT_EQ(compile_query("title:Azerbaijan").match, R"(title : "Azerbaijan")");
  EXPECT_EQ(compile_query("(a OR b) c").match, R"((("a" OR "b") AND "c"))");
  EXPECT_FALSE(compile_query("(a OR b) c").phrase.has_value());
}

TEST(Query, PunctuationIsLiteralText) {
  EXPECT_EQ(compile_query("TP.HCM").match, R"("TP.HCM")");
  EXPECT_EQ(compile_query("Bà Rịa-Vũng Tàu").match, R"(("Bà" AND "Rịa-Vũng" AND "Tàu"))");
  EXPECT_EQ(compile_query("don't").match, R"("don't")");
  EXPECT_EQ(compile_query("AND").match, R"("AND")");
  EXPECT_EQ(compile_query(R"(say "hi)").match, R"(("say" AND "hi"))");
  EXPECT_EQ(compile_query(R"(a""b)").match, R"(("a" AND "b"))");
  EXPECT_EQ(compile_query(R"(x"y)").match, R"(("x" AND "y"))");
  EXPECT_EQ(compile_query("a) b").match, R"(("a" AND "b"))");
}

TEST(Query, ControlCharactersAreSpaces) {
  using namespace std::string_literals;
  EXPECT_EQ(compile_query("p\x01\0*"s).match, compile_query("p *").match);
  EXPECT_EQ(compile_query("\x1f" "dai\tdo").match, R"(("dai" AND "do"))");
  EXPECT_EQ(compile_query("\"a\0b\""s).match, R"("a b")");
}

TEST(Query, NothingSearchableCompilesToNothing) {
  for (const char* q : {"", "\"", "(", ")", "*", "-", "--", "()", "\"\"", " OR ", "…"}) {
    EXPECT_TRUE(compile_query(q).match.empty()) << q;
  }
}

TEST(Query, DeepNestingIsNotRecursion) {
  const std::string deep = std::string(100000, '(') + "dai" + std::string(100000, ')');
  EXPECT_EQ(compile_query(deep).match.find("\"dai\""), compile_query(deep).match.find('"'));
  EXPECT_FALSE(compile_query(deep).match.empty());
}

TEST(Query, OnlyExclusionsIsAnError) {
  EXPECT_THROW(compile_query("-a"), QueryError);
  EXPECT_THROW(compile_query("-a -b"), QueryError);
  EXPECT_THROW(compile_query("a OR -b"), QueryError);
}

TEST(Query, QuotesInsideTermsAreEscaped) {
  EXPECT_EQ(fts5_quote(R"(say "x")"), R"("say ""x""")");
}

}  // namespace
}  // namespace corpus
