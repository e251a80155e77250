#include "corpus/query.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>

#include "corpus/ingest.h"
#include "corpus/search.h"
#include "corpus/store.h"
#include "test_util.h"

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
  for (const char* q : {"", "\"", "(", ")", "*", "-", "--", "()", "\"\"", "…"}) {
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

TEST(Query, AndOrNotAreOperatorsOnlyInCapitals) {
  EXPECT_EQ(compile_query("trade AND agreement").match, R"(("trade" AND "agreement"))");
  EXPECT_EQ(compile_query("trade and agreement").match, R"(("trade" AND "and" AND "agreement"))");
  EXPECT_EQ(compile_query("trade not agreement").match, R"(("trade" AND "not" AND "agreement"))");
  EXPECT_EQ(compile_query("trade or agreement").match, R"(("trade" AND "or" AND "agreement"))");
  EXPECT_EQ(compile_query("trade And agreement").match, R"(("trade" AND "And" AND "agreement"))");
  // An operator ends where a word would; glued to more text it is a word.
  EXPECT_EQ(compile_query("ORANGE NOTE ANDES").match, R"(("ORANGE" AND "NOTE" AND "ANDES"))");
  EXPECT_EQ(compile_query("a NOT* b").match, R"(("a" AND "NOT" * AND "b"))");
  EXPECT_EQ(compile_query("title:NOT a").match, R"((title : "NOT" AND "a"))");
  EXPECT_EQ(compile_query("a AND-b").match, R"(("a" AND "AND-b"))");
  EXPECT_EQ(compile_query(R"(a "NOT b")").match, R"(("a" AND "NOT b"))");
}

TEST(Query, AndIsTheImplicitAnd) {
  for (const char* q :
       {"trade AND agreement", "trade agreement", "AND trade AND AND agreement AND"}) {
    const auto c = compile_query(q);
    EXPECT_EQ(c.match, R"(("trade" AND "agreement"))") << q;
    // Still plain words, ranked by the phrase they make, as without AND.
    EXPECT_EQ(c.plain_words, "trade agreement") << q;
    EXPECT_EQ(c.plain_terms, 2u) << q;
    EXPECT_EQ(c.phrase, R"("trade agreement")") << q;
    EXPECT_EQ(c.phrase_terms, 2u) << q;
  }
  const auto phrase = compile_query(R"(trade AND "free agreement")");
  EXPECT_EQ(phrase.match, R"(("trade" AND "free agreement"))");
  EXPECT_EQ(phrase.plain_words, "trade free agreement");
  EXPECT_EQ(phrase.plain_terms, 2u);
}

TEST(Query, NotExcludesAsMinusDoes) {
  const auto c = compile_query("trade NOT agreement");
  EXPECT_EQ(c.match, R"((("trade") NOT ("agreement")))");
  EXPECT_EQ(c.match, compile_query("trade -agreement").match);
  EXPECT_FALSE(c.plain_words.has_value());
  EXPECT_FALSE(c.phrase.has_value());
  EXPECT_EQ(compile_query("trade AND NOT agreement").match, c.match);
  // What is not excluded still ranks by its phrase, as with `-`.
  const auto two = compile_query("free trade NOT agreement");
  EXPECT_EQ(two.match, R"((("free" AND "trade") NOT ("agreement")))");
  EXPECT_FALSE(two.plain_words.has_value());
  EXPECT_EQ(two.phrase, R"("free trade")");
  EXPECT_EQ(two.phrase, compile_query("free trade -agreement").phrase);
}

TEST(Query, ALeadingExclusionNeedsATermAfterIt) {
  EXPECT_EQ(compile_query("-agreement trade").match, R"((("trade") NOT ("agreement")))");
  EXPECT_EQ(compile_query("NOT agreement trade").match, R"((("trade") NOT ("agreement")))");
  EXPECT_EQ(compile_query("NOT agreement -pact trade").match,
            R"((("trade") NOT ("agreement") NOT ("pact")))");
  EXPECT_THROW(compile_query("NOT agreement"), QueryError);
  EXPECT_THROW(compile_query("NOT agreement NOT pact"), QueryError);
}

TEST(Query, NotAppliesToAGroup) {
  const char* want = R"((("trade") NOT (("agreement" OR "pact"))))";
  EXPECT_EQ(compile_query("trade NOT (agreement OR pact)").match, want);
  EXPECT_EQ(compile_query("trade -(agreement OR pact)").match, want);
  EXPECT_EQ(compile_query("trade NOT(agreement OR pact)").match, want);
  EXPECT_EQ(compile_query("NOT (agreement OR pact) trade").match, want);
  EXPECT_EQ(compile_query("trade NOT (free agreement)").match,
            R"((("trade") NOT (("free" AND "agreement"))))");
  EXPECT_FALSE(compile_query("trade NOT (agreement OR pact)").plain_words.has_value());
  // Twice NOT is no NOT.
  EXPECT_EQ(compile_query("NOT NOT trade").match, R"("trade")");
  EXPECT_EQ(compile_query("trade NOT (-agreement)").match, R"(("trade" AND "agreement"))");
}

TEST(Query, NotBindsTightestThenAndThenOr) {
  EXPECT_EQ(compile_query("a b OR c NOT d").match, R"((("a" AND "b") OR (("c") NOT ("d"))))");
  EXPECT_EQ(compile_query("a OR b AND c").match, R"(("a" OR ("b" AND "c")))");
  EXPECT_EQ(compile_query("a AND b OR c").match, R"((("a" AND "b") OR "c"))");
  EXPECT_EQ(compile_query("a AND (b OR c)").match, R"(("a" AND ("b" OR "c")))");
  EXPECT_EQ(compile_query("a NOT b OR c").match, R"(((("a") NOT ("b")) OR "c"))");
  const auto any = compile_query("a OR b");
  EXPECT_FALSE(any.plain_words.has_value());
  EXPECT_FALSE(any.phrase.has_value());
  // NOT takes only the term after it, so it stands alone on its side of OR, which FTS5 cannot
  // express.
  EXPECT_THROW(compile_query("a OR NOT b"), QueryError);
  EXPECT_THROW(compile_query("NOT a OR b"), QueryError);
}

TEST(Query, ADanglingOperatorIsDropped) {
  for (const char* q :
       {"trade AND", "AND trade", "trade OR", "OR trade", "trade NOT", "trade OR OR", "(trade AND)",
        "(OR trade)", "trade (NOT)", "trade NOT )", "NOT OR trade"}) {
    EXPECT_EQ(compile_query(q).match, R"("trade")") << q;
  }
  EXPECT_EQ(compile_query("trade AND OR pact").match, R"(("trade" OR "pact"))");
  EXPECT_EQ(compile_query("trade NOT AND pact").match, R"(("trade" AND "pact"))");
  EXPECT_EQ(compile_query("trade AND").plain_words, "trade");
}

TEST(Query, OperatorsAloneAreWords) {
  EXPECT_EQ(compile_query("OR").match, R"("OR")");
  EXPECT_EQ(compile_query(" OR ").match, R"("OR")");
  EXPECT_EQ(compile_query("AND").match, R"("AND")");
  EXPECT_EQ(compile_query("NOT").match, R"("NOT")");
  EXPECT_EQ(compile_query("(NOT)").match, R"("NOT")");
  EXPECT_EQ(compile_query("OR AND NOT").match, R"(("OR" AND "AND" AND "NOT"))");
  EXPECT_EQ(compile_query("OR *").match, R"("OR")");
  EXPECT_EQ(compile_query("OR").plain_words, "OR");
  // `-` takes the word after it as written.
  EXPECT_EQ(compile_query("trade -NOT").match, R"((("trade") NOT ("NOT")))");
  EXPECT_THROW(compile_query("-OR"), QueryError);
}

// The operators against the seeds: Mozambique is in 000 and 001, Azerbaijan in 000 and 004,
// Iran in 000 only; no seed has the English word "and".
class QuerySearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Ingester in(*store, {}, [](const Rejection& r) { ADD_FAILURE() << to_string(r); });
    in.add_path(test::seeds_dir());
    in.finish();
  }

  std::set<std::string> ids(const std::string& q) {
    SearchOptions o;
    o.query = q;
    o.limit = 100;
    std::set<std::string> out;
    for (const auto& h : search(*store, o)) out.insert(h.uid.substr(0, 3));
    EXPECT_EQ(count_matches(*store, o), static_cast<std::int64_t>(out.size())) << q;
    return out;
  }

  test::TempDir dir;
  std::unique_ptr<Store> store = Store::open(dir.file("c.db"), true);
};

using Ids = std::set<std::string>;

TEST_F(QuerySearchTest, OperatorsFindWhatTheySay) {
  EXPECT_EQ(ids("Mozambique AND Azerbaijan"), (Ids{"000"}));
  EXPECT_EQ(ids("Mozambique AND Azerbaijan"), ids("Mozambique Azerbaijan"));
  EXPECT_EQ(ids("Mozambique NOT Azerbaijan"), (Ids{"001"}));
  EXPECT_EQ(ids("-Azerbaijan Mozambique"), (Ids{"001"}));
  EXPECT_EQ(ids("NOT Azerbaijan Mozambique"), (Ids{"001"}));
  EXPECT_EQ(ids("Mozambique OR Azerbaijan"), (Ids{"000", "001", "004"}));
  EXPECT_EQ(ids("Azerbaijan NOT (Iran OR Mozambique)"), (Ids{"004"}));
  EXPECT_EQ(ids("Iran OR Mozambique NOT Azerbaijan"), (Ids{"000", "001"}));
  EXPECT_EQ(ids("Mozambique AND"), (Ids{"000", "001"}));
  EXPECT_EQ(ids("Mozambique and Azerbaijan"), (Ids{}));
  EXPECT_EQ(ids("Mozambique not Azerbaijan"), (Ids{}));
}

TEST_F(QuerySearchTest, APhraseRanksTheSameWithOrWithoutAnd) {
  SearchOptions with, without;
  with.query = "Lương Tam AND Quang";
  without.query = "Lương Tam Quang";
  const auto a = search(*store, with), b = search(*store, without);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].uid, b[i].uid);
    EXPECT_DOUBLE_EQ(a[i].score, b[i].score);
  }
}

// The alternatives of an expansion stand beside the word they belong to, wherever it is, and
// each term records its phrases in FTS5's numbering: the wanted terms of an AND first, then
// the excluded ones, marked so.
TEST(Query, AlternativesStandBesideTheirWordWhereverItIs) {
  std::vector<std::string> asked;
  const Expand expand = [&](std::string_view word, std::string_view field) {
    asked.push_back(std::string(field) + "|" + std::string(word));
    if (word != "bans") return Alternatives{};
    return Alternatives{std::string(field.empty() ? "" : "title : ") + "(\"ban\" AND \"T\")", 1};
  };
  using G = TermPhrases;
  auto q = compile_query("beef OR bans", expand);
  EXPECT_EQ(q.match, R"(("beef" OR ("bans" OR ("ban" AND "T"))))");
  EXPECT_EQ(q.groups, (std::vector<G>{{1, 0, false}, {2, 1, false}}));
  q = compile_query("-bans beef trade", expand);
  EXPECT_EQ(q.match, R"((("beef" AND "trade") NOT (("bans" OR ("ban" AND "T")))))");
  EXPECT_EQ(q.groups, (std::vector<G>{{1, 0, false}, {1, 0, false}, {2, 1, true}}));
  EXPECT_EQ(q.phrase_terms, 2u);
  // Under two NOTs a term is wanted again.
  q = compile_query("beef -(bans -trade)", expand);
  EXPECT_EQ(q.groups, (std::vector<G>{{1, 0, false}, {2, 1, true}, {1, 0, false}}));
  asked.clear();
  q = compile_query("title:bans", expand);
  EXPECT_EQ(q.match, R"((title : "bans" OR title : ("ban" AND "T")))");
  EXPECT_EQ(asked, std::vector<std::string>{"title|bans"});
  // Quoted words and prefixes are as typed.
  asked.clear();
  q = compile_query("\"bans\" OR bans*", expand);
  EXPECT_TRUE(asked.empty());
  EXPECT_EQ(q.groups, (std::vector<G>{{1, 0, false}, {1, 0, false}}));
}

TEST(Query, QuotesInsideTermsAreEscaped) {
  EXPECT_EQ(fts5_quote(R"(say "x")"), R"("say ""x""")");
}

}  // namespace
}  // namespace corpus
