#include "corpus/search.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "corpus/dedupe.h"
#include "corpus/entities.h"
#include "corpus/ingest.h"
#include "corpus/query.h"
#include "corpus/text.h"
#include "corpus/tokenizer.h"
#include "test_util.h"

namespace corpus {
namespace {

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override { add(test::seeds_dir()); }

  void add(const std::string& path) {
    Ingester in(*store, {}, [](const Rejection& r) { ADD_FAILURE() << to_string(r); });
    in.add_path(path);
    in.finish();
  }

  // Writes each (name, text) as an article file under p/ and ingests the folder.
  void add_articles(std::initializer_list<std::pair<const char*, const char*>> files) {
    for (const auto& [name, text] : files) test::write_file(dir.file(std::string("p/") + name), text);
    add(dir.file("p"));
  }

  std::set<std::string> ids(const std::string& q, SearchOptions o = {}) {
    o.query = q;
    o.limit = 100;
    std::set<std::string> out;
    for (const auto& h : search(*store, o)) out.insert(h.uid.substr(0, 3));
    return out;
  }

  test::TempDir dir;
  std::unique_ptr<Store> store = Store::open(dir.file("c.db"), true);
};

using Ids = std::set<std::string>;

TEST_F(SearchTest, AzerbaijanFinds000And004) { EXPECT_EQ(ids("Azerbaijan"), (Ids{"000", "004"})); }

TEST_F(SearchTest, UnaccentedMatchesEveryVariantAccentedMatchesPrecisely) {
  EXPECT_EQ(ids("dai"), (Ids{"000", "001", "004"}));
  EXPECT_EQ(ids("dài"), (Ids{"004"}));
  EXPECT_EQ(ids("DÀI"), (Ids{"004"}));
  EXPECT_EQ(ids("\"luong tam quang\""), (Ids{"000", "001", "004"}));
}

TEST_F(SearchTest, ToneMarkPlacementDoesNotMatter) {
  EXPECT_EQ(ids("\"thoả thuận\""), (Ids{"000", "004"}));  // the seeds write `thỏa`
  EXPECT_EQ(ids("\"thỏa thuận\""), (Ids{"000", "004"}));
}

TEST_F(SearchTest, AnNfdCopyIsFoundByExactlyTheSameQueries) {
  test::TempDir other;
  auto nfd_store = Store::open(other.file("nfd.db"), true);
  for (const char* id : {"000", "001", "004"}) {
    const auto path = test::seed_path(id);
    test::write_file(other.file(std::filesystem::path(path).filename().string()),
                     test::to_nfd(test::read_file(path)));
  }
  Ingester in(*nfd_store, {}, {});
  in.add_path(other.path().string());
  in.finish();
  for (const char* q : {"Azerbaijan", "dai", "dài", "\"thoả thuận\"", "\"luong tam quang\"", "Đại tướng",
                        "Hòa", "hoà", "khỏe", "Bộ Công an", "nhấn mạnh", "-Mozambique Azerbaijan", "ngh*"}) {
    SearchOptions o;
    o.query = q;
    o.limit = 100;
    std::set<std::string> nfd_ids;
    for (const auto& h : search(*nfd_store, o)) nfd_ids.insert(h.uid.substr(0, 3));
    EXPECT_EQ(nfd_ids, ids(q)) << q;
  }
}

TEST_F(SearchTest, MixedNfcAndNfdInOneArticleIsOneText) {
  test::write_file(dir.file("m/mixed.txt"),
                   " date 2025-01-01 Tin\n\nThủy Điển và " + test::to_nfd("Thuỷ Điển") + " cùng khoẻ mạnh");
  add(dir.file("m"));
  SearchOptions o;
  o.query = "\"thuỷ điển\"";
  EXPECT_EQ(count_matches(*store, o), 1);
  o.query = test::to_nfd("\"Thủy Điển\" khỏe");
  EXPECT_EQ(count_matches(*store, o), 1);
  o.query = "thuy dien khoe";
  EXPECT_EQ(count_matches(*store, o), 1);
}

TEST_F(SearchTest, PunctuationInQueriesNeverFails) {
  for (const char* q : {"Bà Rịa-Vũng Tàu", "TP.HCM", "COVID-19", "don't", "AND", "\"", "(", "*", "OR", "NOT",
                        "NEAR(a b)", "a:b", "title:", "^x", "{x}", "x\"y", "''", "\\", "-", "+1", "a AND", ")("}) {
    SearchOptions o;
    o.query = q;
    EXPECT_NO_THROW(search(*store, o)) << q;
    EXPECT_NO_THROW(count_matches(*store, o)) << q;
  }
}

// A query of many terms ranks as one of few: the rank function takes its groups as one
// argument, never one each (SQLite refuses a function more than 127).
TEST_F(SearchTest, AQueryOfHundredsOfTermsNeverFails) {
  std::string plain, any = "Azerbaijan";
  for (int i = 0; i < 300; ++i) {
    plain += fmt::format("{}w{} ", i ? "" : "Azerbaijan ", i);
    any += fmt::format(" OR w{}", i);
  }
  SearchOptions o;
  o.query = plain;
  EXPECT_NO_THROW(search(*store, o));
  EXPECT_EQ(ids(any), ids("Azerbaijan"));
  EXPECT_EQ(ids(any + " -nothing"), ids("Azerbaijan"));
}

// Control characters, a NUL among them, are spaces in a query (fuzz/corpus/query/ holds the
// input fuzz_query found: FTS5 read the NUL as the end of the expression).
TEST_F(SearchTest, ControlCharactersInQueriesNeverFail) {
  using namespace std::string_literals;
  for (const std::string& q : {"p\x01\0*"s, "Azerbaijan\0Mozambique"s, "\x1f" "dai"s, "\"a\0b\""s, "\0"s}) {
    SearchOptions o;
    o.query = q;
    EXPECT_NO_THROW(search(*store, o)) << ::testing::PrintToString(q);
    EXPECT_NO_THROW(count_matches(*store, o)) << ::testing::PrintToString(q);
  }
  EXPECT_EQ(ids("Azerbaijan\0Mozambique"s), ids("Azerbaijan Mozambique"));
}

TEST_F(SearchTest, UnquotedWordsMustAllBePresent) {
  EXPECT_EQ(ids("Azerbaijan Mozambique"), (Ids{"000"}));
  EXPECT_EQ(ids("Baku Chachine"), (Ids{"000"}));
}

TEST_F(SearchTest, TheTitleWeighsMoreThanTheBody) {
  test::write_file(dir.file("w/in_body.txt"),
                   " date 2025-01-01 Tin trong nước\n\nHội nghị bàn nhiều việc.\n\nCó nhắc tới Kyrgyzstan một lần.");
  test::write_file(dir.file("w/in_title.txt"),
                   " date 2025-01-01 Tin Kyrgyzstan\n\nHội nghị bàn nhiều việc.\n\nCó nhắc tới nước bạn một lần.");
  add(dir.file("w"));
  SearchOptions o;
  o.query = "kyrgyzstan";
  const auto hits = search(*store, o);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].uid, "in_title");
  EXPECT_GT(hits[0].score, hits[1].score);
}

TEST_F(SearchTest, OperatorsWork) {
  EXPECT_EQ(ids("Azerbaijan -Mozambique"), (Ids{"004"}));
  EXPECT_EQ(ids("Baku OR Chachine"), (Ids{"000", "001", "004"}));
  EXPECT_EQ(ids("naghi*"), (Ids{"000"}));
  EXPECT_EQ(ids("nagi*"), (Ids{"000", "004"}));  // 000 writes both spellings
  EXPECT_EQ(ids("title:Mozambique"), (Ids{"000", "001"}));
  EXPECT_EQ(ids("title:Chachine"), (Ids{"001"}));  // 000 names him only in its body
}

TEST_F(SearchTest, FiltersByDateAndLanguage) {
  SearchOptions o;
  o.from = "2025-10-26";
  o.to = "2025-10-26";
  EXPECT_EQ(ids("dai", o), (Ids{"000", "001", "004"}));
  o.from = "2025-10-27";
  EXPECT_TRUE(ids("dai", o).empty());
  SearchOptions en;
  en.lang = "en";
  EXPECT_TRUE(ids("dai", en).empty());
}

TEST(DateBound, MonthsAndYearsStretchToTheirFirstOrLastDay) {
  EXPECT_EQ(date_bound("2025-10-26", false), "2025-10-26");
  EXPECT_EQ(date_bound("2025-10", false), "2025-10-01");
  EXPECT_EQ(date_bound("2025-10", true), "2025-10-31");
  EXPECT_EQ(date_bound("2024-02", true), "2024-02-29");
  EXPECT_EQ(date_bound("2025-02", true), "2025-02-28");
  EXPECT_EQ(date_bound("2025", true), "2025-12-31");
  EXPECT_EQ(date_bound("2025-13", true), std::nullopt);
  EXPECT_EQ(date_bound("26/10/2025", false), std::nullopt);
  EXPECT_EQ(date_bound("2025-02-30", false), std::nullopt);
}

TEST_F(SearchTest, MonthFilters) {
  SearchOptions o;
  o.from = date_bound("2025-10", false);
  o.to = date_bound("2025-10", true);
  EXPECT_EQ(ids("dai", o), (Ids{"000", "001", "004"}));
  o.to = date_bound("2025-09", true);
  EXPECT_TRUE(ids("dai", o).empty());
}

TEST_F(SearchTest, UndatedArticlesDropOutOfDateFilters) {
  test::write_file(dir.file("u.jsonl"), "{\"id\": \"und\", \"title\": \"Azerbaijan\", \"body\": \"no date\"}\n");
  add(dir.file("u.jsonl"));
  EXPECT_EQ(ids("Azerbaijan").count("und"), 1u);
  SearchOptions o;
  o.from = "1900-01-01";
  EXPECT_EQ(ids("Azerbaijan", o).count("und"), 0u);
}

TEST_F(SearchTest, SnippetsHighlightWholeCharacters) {
  SearchOptions o;
  o.query = "dai";
  for (const auto& h : search(*store, o)) {
    EXPECT_FALSE(text::first_invalid_utf8(h.snippet).has_value());
    ASSERT_FALSE(h.highlights.empty()) << h.uid;
    for (auto [b, e] : h.highlights) {
      const std::string word = h.snippet.substr(b, e - b);
      EXPECT_FALSE(text::first_invalid_utf8(word).has_value());
      EXPECT_TRUE(word == "Đại" || word == "đại" || word == "dài") << word;
    }
  }
}

TEST_F(SearchTest, SnippetsComeFromTheTextNotTheTitle) {
  SearchOptions o;
  o.query = "Chachine";
  o.limit = 10;
  for (const auto& h : search(*store, o)) {
    EXPECT_EQ(h.snippet.find(h.title), std::string::npos) << h.uid;  // the title is shown anyway
    EXPECT_FALSE(h.highlights.empty()) << h.uid;
  }
}

TEST_F(SearchTest, PhraseMatchesRankAboveScatteredWords) {
  add_articles(
      {{"scattered.txt", " date 2025-01-01 Tin\n\nPhòng họp nhỏ. Hợp tác với nhiều nước về an ninh quốc gia được bàn."},
       {"together.txt", " date 2025-01-01 Tin\n\nNước và an ninh quốc phòng được bàn, hợp tác với nhiều nước."}});
  SearchOptions o;
  o.query = "quốc phòng";
  o.lang = "vi";
  auto hits = search(*store, o);
  ASSERT_GE(hits.size(), 2u);
  auto pos = [&](const std::string& id) {
    return std::find_if(hits.begin(), hits.end(), [&](const Hit& h) { return h.uid == id; }) - hits.begin();
  };
  EXPECT_LT(pos("together"), pos("scattered"));
}

// The words as a phrase in a row: each word may be several tokens (`TP.HCM`).
TEST_F(SearchTest, PhraseBoostSeesWordsOfSeveralTokens) {
  add_articles({{"apart.txt", " date 2025-01-01 Tin\n\nTP.HCM có mưa. Ngày mai nắng ở Cần Thơ và Huế."},
                {"together.txt", " date 2025-01-01 Tin\n\nTrời nắng ở Huế và Cần Thơ, còn TP.HCM mưa to."}});
  SearchOptions o;
  o.query = "TP.HCM mưa";
  auto hits = search(*store, o);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].uid, "together");
}

// A small bilingual corpus: English inflections, derived words, Vietnamese words that an
// English stem would meet, and capitals.
class BilingualTest : public SearchTest {
 protected:
  void SetUp() override {
    test::write_file(dir.file("bi.jsonl"),
                     "{\"id\": \"en-ban\", \"title\": \"Imports banned\", \"body\": \"The "
                     "government banned imports of "
                     "beef.\", \"lang\": \"en\", \"date\": \"2020-03-01\"}\n"
                     "{\"id\": \"en-bans\", \"title\": \"New bans\", \"body\": \"Two more bans "
                     "follow. The ban on beef "
                     "stays.\", \"lang\": \"en\", \"date\": \"2020-01-01\"}\n"
                     "{\"id\": \"en-org\", \"title\": \"Organization news\", \"body\": \"The "
                     "organization said business "
                     "is good at the university.\", \"lang\": \"en\"}\n"
                     "{\"id\": \"en-talk\", \"title\": \"Talks\", \"body\": \"They talked and went "
                     "home; talking "
                     "goes on.\", \"lang\": \"en\", \"date\": \"2020-02-01\"}\n"
                     "{\"id\": \"en-us\", \"title\": \"Policy\", \"body\": \"The US said the WHO "
                     "warned.\", \"lang\": "
                     "\"en\"}\n"
                     "{\"id\": \"en-dot\", \"title\": \"Policy\", \"body\": \"The U.S. Treasury "
                     "said so.\", \"lang\": "
                     "\"en\"}\n"
                     "{\"id\": \"en-pron\", \"title\": \"Interview\", \"body\": \"Tell us who said "
                     "it.\", \"lang\": "
                     "\"en\"}\n"
                     "{\"id\": \"vi-ban\", \"title\": \"Ban tổ chức họp\", \"body\": \"Ban tổ chức "
                     "và các bạn đã "
                     "bàn về con đường.\", \"lang\": \"vi\"}\n");
    add(dir.file("bi.jsonl"));
  }
  Ids ids(const std::string& q, SearchOptions o = {}) {
    o.query = q;
    o.limit = 100;
    Ids out;
    for (const auto& h : search(*store, o)) out.insert(h.uid);
    EXPECT_EQ(count_matches(*store, o), static_cast<std::int64_t>(out.size())) << q;
    return out;
  }
};

TEST_F(BilingualTest, AnEnglishWordFindsItsInflectionsInEnglishArticlesOnly) {
  // `banned`, `bans`, `ban` are one word in English; the Vietnamese `Ban`, `bạn`, `bàn` are
  // not its inflections.
  EXPECT_EQ(ids("banned"), (Ids{"en-ban", "en-bans"}));
  EXPECT_EQ(ids("bans"), (Ids{"en-ban", "en-bans"}));
  // Typed as it is, an unaccented word still meets every Vietnamese spelling of it.
  EXPECT_EQ(ids("ban"), (Ids{"en-ban", "en-bans", "vi-ban"}));
  EXPECT_EQ(ids("cons"), Ids{});  // never `con`
  EXPECT_EQ(ids("talk"), (Ids{"en-talk"}));
  EXPECT_EQ(ids("talking"), (Ids{"en-talk"}));
  EXPECT_EQ(ids("go"), (Ids{"en-talk"}));  // `went`, `goes`
  EXPECT_EQ(ids("banned beef"), (Ids{"en-ban", "en-bans"}));
}

// Inside OR, NOT, a field or a group a word keeps its inflections, in English articles
// only: an excluded English word leaves out the English articles holding any of its forms, and
// never a Vietnamese one for a word that merely looks like an inflection (`ban`).
TEST_F(BilingualTest, InflectionsHoldInsideOperatorsInEnglishArticlesOnly) {
  EXPECT_EQ(ids("banned OR organization"), (Ids{"en-ban", "en-bans", "en-org"}));
  EXPECT_EQ(ids("ban NOT banned"), (Ids{"vi-ban"}));
  EXPECT_EQ(ids("ban -bans"), (Ids{"vi-ban"}));
  EXPECT_EQ(ids("beef NOT (bans OR talks)"), Ids{});
  EXPECT_EQ(ids("title:bans"), (Ids{"en-ban", "en-bans"}));
  EXPECT_EQ(ids("title:talked OR title:banned"), (Ids{"en-talk", "en-ban", "en-bans"}));
  EXPECT_EQ(ids("(talking OR cons) beef"), Ids{});
  EXPECT_EQ(ids("(talking OR banned) home"), (Ids{"en-talk"}));
  // Quoted, a word is as written there too.
  EXPECT_EQ(ids("\"bans\" OR \"talked and\""), (Ids{"en-bans", "en-talk"}));
  EXPECT_EQ(ids("beef NOT \"bans\""), (Ids{"en-ban"}));
}

// A word's weight (its idf) counts the articles its inflections find, English ones only:
// with 41 Vietnamese articles saying `Ban`, `banned` still weighs as a word of two articles,
// as `beef` does. Counted with them, it would be the commonest word of the index and weigh
// nothing.
TEST_F(BilingualTest, AnInflectionsWeightCountsEnglishArticlesOnly) {
  std::string lines;
  for (int i = 0; i < 40; ++i)
    lines += fmt::format(
        "{{\"id\": \"vi-more-{}\", \"title\": \"Ban tổ chức {}\", \"body\": \"Ban tổ chức họp"
        " lần thứ {}.\", \"lang\": \"vi\"}}\n",
        i, i, i);
  test::write_file(dir.file("more.jsonl"), lines);
  add(dir.file("more.jsonl"));
  const auto score_of = [&](const std::string& q, const std::string& uid) {
    SearchOptions o;
    o.limit = 100;
    o.query = q;
    for (const auto& h : search(*store, o))
      if (h.uid == uid) return h.score;
    return 0.0;
  };
  EXPECT_EQ(ids("banned"), (Ids{"en-ban", "en-bans"}));
  EXPECT_EQ(ids("beef"), (Ids{"en-ban", "en-bans"}));
  // en-bans holds `bans` in its title and `bans`, `ban` and `beef` once each in its body: with
  // one weight for both words, `banned` scores it above `beef` (by weight alone, counting the
  // Vietnamese rows, it scored 0).
  EXPECT_GT(score_of("banned", "en-bans"), 1.2 * score_of("beef", "en-bans"));
  EXPECT_GT(score_of("beef", "en-bans"), 1.0);
}

// A Vietnamese article whose text is, or holds, the English tag is still Vietnamese: search
// asks for the tag in the language column only.
TEST_F(BilingualTest, AnArticleTextThatIsATagMakesNoArticleEnglish) {
  test::write_file(dir.file("tag.jsonl"),
                   "{\"id\": \"vi-tag\", \"title\": \"Ban mới\", \"summary\": \"\\u001cen\","
                   " \"body\": \"\\u001cen Ban tổ chức.\", \"lang\": \"vi\"}\n");
  add(dir.file("tag.jsonl"));
  // Its lead is a tag, and the index holds it as one.
  Statement lead = store->prepare("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?1");
  lead.bind(1, "lead : " + fts5_quote(language_tag("en")));
  ASSERT_TRUE(lead.step());
  EXPECT_EQ(lead.integer(0), 1);
  EXPECT_EQ(ids("ban"), (Ids{"en-ban", "en-bans", "vi-ban", "vi-tag"}));
  EXPECT_EQ(ids("banned"), (Ids{"en-ban", "en-bans"}));
  EXPECT_EQ(ids("banned OR nothing"), (Ids{"en-ban", "en-bans"}));
}

TEST_F(BilingualTest, DerivedWordsAreNotInflections) {
  EXPECT_EQ(ids("organ"), Ids{});  // never `organization`
  EXPECT_EQ(ids("busy"), Ids{});   // never `business`
  EXPECT_EQ(ids("universe"), Ids{});
  EXPECT_EQ(ids("new"), (Ids{"en-bans"}));  // `news` is a word of its own
}

TEST_F(BilingualTest, AQuotedEnglishWordIsMatchedAsWritten) {
  EXPECT_EQ(ids("\"banned\""), (Ids{"en-ban"}));
  EXPECT_EQ(ids("\"bans\""), (Ids{"en-bans"}));
  EXPECT_EQ(ids("\"talked and\""), (Ids{"en-talk"}));
  EXPECT_EQ(ids("\"talks and\""), Ids{});
}

TEST_F(BilingualTest, AWordInCapitalsMatchesOnlyCapitals) {
  EXPECT_EQ(ids("US"), (Ids{"en-us", "en-dot"}));   // `U.S.` too
  EXPECT_EQ(ids("us"), (Ids{"en-us", "en-pron"}));  // lower case: any case (`U.S.` is `u`, `s`)
  EXPECT_EQ(ids("WHO"), (Ids{"en-us"}));
  EXPECT_EQ(ids("who"), (Ids{"en-us", "en-pron"}));
  EXPECT_EQ(ids("\"US said\""), (Ids{"en-us"}));
  EXPECT_EQ(ids("US said"), (Ids{"en-us", "en-dot"}));
}

TEST_F(BilingualTest, SortsByDateNewestOrOldestFirstUndatedLast) {
  auto order = [&](SortOrder sort) {
    SearchOptions o;
    o.query = "beef OR talked OR organization";
    o.sort = sort;
    o.limit = 100;
    std::vector<std::string> out;
    for (const auto& h : search(*store, o)) {
      if (h.uid.starts_with("en-")) out.push_back(h.uid);
    }
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(order(SortOrder::newest), (V{"en-ban", "en-talk", "en-bans", "en-org"}));
  EXPECT_EQ(order(SortOrder::oldest), (V{"en-bans", "en-talk", "en-ban", "en-org"}));
  SearchOptions paged;
  paged.query = "beef OR talked OR organization";
  paged.sort = SortOrder::newest;
  paged.limit = 1;
  paged.offset = 1;
  const auto second = search(*store, paged);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].uid, "en-talk");
}

// Vietnamese: syllables that spell a name, accents, aliases as written.
class VietnameseNamesTest : public BilingualTest {
 protected:
  void SetUp() override {
    BilingualTest::SetUp();
    test::write_file(dir.file("vi.jsonl"),
                     "{\"id\": \"vi-za\", \"title\": \"Tổng thống Nam Phi thăm Hà Nội\", \"body\": "
                     "\"Tổng thống Nam "
                     "Phi hội đàm với Thủ tướng.\", \"lang\": \"vi\"}\n"
                     "{\"id\": \"vi-loose\", \"title\": \"Phi công miền nam\", \"body\": \"Các phi "
                     "công ở miền nam "
                     "nói về tướng và thủ môn, ở Hà Tĩnh và Nội Bài.\", \"lang\": \"vi\"}\n"
                     "{\"id\": \"vi-year\", \"title\": \"Nghị lực\", \"body\": \"Nghị lực Việt năm "
                     "2020.\", \"lang\": "
                     "\"vi\"}\n"
                     "{\"id\": \"vi-ward\", \"title\": \"Phường Trung Hòa\", \"body\": \"Người dân "
                     "phường Trung Hòa họp."
                     "\", \"lang\": \"vi\"}\n"
                     "{\"id\": \"vi-cn\", \"title\": \"Trung Hoa\", \"body\": \"Văn hóa Trung Hoa "
                     "cổ.\", \"lang\": "
                     "\"vi\"}\n"
                     "{\"id\": \"vi-org\", \"title\": \"Lễ hội\", \"body\": \"Xã tổ chức lễ "
                     "hội.\", \"lang\": \"vi\"}\n"
                     "{\"id\": \"vi-apart\", \"title\": \"Tổ dân phố\", \"body\": \"Tổ trưởng "
                     "nhận chức mới.\", \"lang\": \"vi\"}\n");
    add(dir.file("vi.jsonl"));
  }
};

TEST_F(VietnameseNamesTest, UnquotedSyllablesThatSpellANameAreMatchedAsIt) {
  // A country (CLDR's name, from the entity), a place, a title: each a phrase.
  EXPECT_EQ(ids("nam phi"), (Ids{"vi-za"}));
  EXPECT_EQ(ids("Nam Phi"), (Ids{"vi-za"}));
  EXPECT_EQ(ids("ha noi"), (Ids{"vi-za"}));
  EXPECT_EQ(ids("thu tuong"), (Ids{"vi-za"}));
  EXPECT_EQ(ids("tong thong nam phi"), (Ids{"vi-za"}));  // two names in a row
  // The loose reading, when asked for, or by quoting the words one by one.
  SearchOptions loose;
  loose.loose = true;
  EXPECT_EQ(ids("nam phi", loose), (Ids{"vi-za", "vi-loose"}));
  EXPECT_EQ(ids("\"nam\" \"phi\""), (Ids{"vi-za", "vi-loose"}));
  EXPECT_EQ(ids("ha noi", loose), (Ids{"vi-za", "vi-loose"}));
  // A word of the word list (src/data) too: `to chuc` is `tổ chức`, not `tổ` and `chức` apart.
  EXPECT_EQ(ids("to chuc"), (Ids{"vi-org", "vi-ban"}));  // `Ban tổ chức` too
  EXPECT_EQ(ids("to chuc", loose), (Ids{"vi-org", "vi-ban", "vi-apart"}));
  // Syllables that spell nothing stay words.
  EXPECT_EQ(ids("phi cong"), (Ids{"vi-loose"}));
  EXPECT_EQ(ids("cong phi"), (Ids{"vi-loose"}));
}

TEST_F(VietnameseNamesTest, AnAccentedQueryMeansItsUnmarkedWordsWithoutMarks) {
  EXPECT_EQ(ids("\"Việt Nam\""), Ids{});  // never `Việt năm`
  EXPECT_EQ(ids("\"viet nam\""), (Ids{"vi-year"}));
  EXPECT_EQ(ids("Việt năm"), (Ids{"vi-year"}));
  EXPECT_EQ(ids("trung hoa"), (Ids{"vi-ward", "vi-cn"}));  // typed without marks: every spelling
  EXPECT_EQ(ids("Trung Hòa"), (Ids{"vi-ward"}));
}

// A country's name is no text of its own: `"Trung Quốc"` finds the articles that mention
// China (one writes `Trung Hoa`), never the ward `Trung Hòa`, whose name only looks alike.
TEST_F(VietnameseNamesTest, ANamedCountryNeverFindsAPlaceThatOnlyLooksLikeItsName) {
  EntityIndex index(*store);
  SearchOptions o;
  for (const auto& e : index.named("Trung Quốc", 10, false)) o.named.push_back(e.id);
  ASSERT_FALSE(o.named.empty());
  EXPECT_EQ(ids("\"Trung Quốc\"", o), (Ids{"vi-cn"}));
}

// A query that names an entity finds every article extraction found the entity in, whatever
// the article calls it, beside the text's matches of what was typed.
TEST_F(VietnameseNamesTest, ANamedEntityFindsEveryArticleThatMentionsIt) {
  test::write_file(
      dir.file("gb.jsonl"),
      "{\"id\": \"en-za\", \"title\": \"South Africa wins\", \"body\": \"South Africa won the "
      "match.\", \"lang\": \"en\", \"date\": \"2021-01-01\"}\n"
      "{\"id\": \"vi-gb\", \"title\": \"Thủ tướng Anh thăm Việt Nam\", \"body\": \"Thủ tướng Anh "
      "Boris Johnson nói anh ấy vui.\", \"lang\": \"vi\"}\n"
      "{\"id\": \"vi-pron\", \"title\": \"Tâm sự\", \"body\": \"Anh ấy nói anh sẽ về.\", "
      "\"lang\": \"vi\"}\n"
      "{\"id\": \"en-gb\", \"title\": \"Britain votes\", \"body\": \"Britain voted today.\", "
      "\"lang\": \"en\"}\n");
  add(dir.file("gb.jsonl"));
  EntityIndex index(*store);
  auto named = [&](const std::string& name) {
    SearchOptions o;
    for (const auto& e : index.named(name, 10, false)) o.named.push_back(e.id);
    EXPECT_FALSE(o.named.empty()) << name;
    return o;
  };
  SearchOptions za = named("South Africa");
  EXPECT_EQ(ids("South Africa", za), (Ids{"en-za", "vi-za"}));
  // The other names of the country find the same articles.
  EXPECT_EQ(ids("Nam Phi", named("Nam Phi")), (Ids{"en-za", "vi-za"}));
  // `Britain` finds the article that says `Anh`, never the pronoun `anh`.
  SearchOptions gb = named("Britain");
  EXPECT_EQ(ids("Britain", gb), (Ids{"en-gb", "vi-gb"}));
  // Which name found it: the query for a text match, the article's own name for a mention.
  za.query = "South Africa";
  za.limit = 10;
  for (const Hit& h : search(*store, za)) {
    if (h.uid == "vi-za") {
      EXPECT_EQ(h.matched, std::vector<std::string>{"Nam Phi"});
      ASSERT_EQ(h.highlights.size(), 1u);
      EXPECT_EQ(
          h.snippet.substr(h.highlights[0].first, h.highlights[0].second - h.highlights[0].first),
          "Nam Phi");
    } else {
      EXPECT_EQ(h.matched, std::vector<std::string>{"South Africa"});
    }
  }
  // Filters hold for both.
  za.lang = "vi";
  EXPECT_EQ(ids("South Africa", za), (Ids{"vi-za"}));
  za.lang.reset();
  za.from = "2020-01-01";
  EXPECT_EQ(ids("South Africa", za), (Ids{"en-za"}));  // the other is undated
}

// The articles found through their mentions are ranked with the text's matches: a page holds
// what the whole ranking holds in its place, however the two kinds interleave (search reads
// only the mentions counted often enough to reach the page).
TEST_F(VietnameseNamesTest, EveryPageOfANamedSearchIsThatSliceOfTheWholeRanking) {
  std::string lines;
  const std::string filler =
      " The weather was mild and the markets were calm while ministers met at length.";
  for (int i = 0; i < 40; ++i) {  // others, so that the entity is rare enough to weigh
    lines += fmt::format(
        "{{\"id\": \"other-{}\", \"title\": \"Other {}\", \"body\": \"{}\", \"lang\": \"en\"}}\n",
        i, i, filler);
  }
  for (int i = 0; i < 6; ++i) {  // text matches, weaker as the body grows
    std::string body = "South Africa sent a team.";
    for (int k = 0; k < i * 8; ++k) body += filler;
    lines += fmt::format(
        "{{\"id\": \"en-{}\", \"title\": \"Report {}\", \"body\": \"{}\", \"lang\": \"en\"}}\n", i,
        i, body);
  }
  for (int i = 1; i <= 6; ++i) {  // mentions only: the Vietnamese name, said i times
    std::string body;
    for (int k = 0; k < i; ++k) body += "Đoàn Nam Phi đến thăm. ";
    lines += fmt::format(
        "{{\"id\": \"vi-{}\", \"title\": \"Tin {}\", \"body\": \"{}\", \"lang\": \"vi\"}}\n", i, i,
        body);
  }
  test::write_file(dir.file("pages.jsonl"), lines);
  add(dir.file("pages.jsonl"));
  EntityIndex index(*store);
  std::vector<std::int64_t> za;
  for (const auto& e : index.named("South Africa", 10, false)) za.push_back(e.id);
  ASSERT_FALSE(za.empty());
  // The name, and a word with inflections (`teams` is also `team`, in English articles only)
  // beside the same entity.
  for (const char* query : {"South Africa", "teams"}) {
    SCOPED_TRACE(query);
    SearchOptions o;
    o.query = query;
    o.named = za;
    o.limit = 100;
    std::vector<std::string> whole;
    for (const Hit& h : search(*store, o)) whole.push_back(h.uid);
    ASSERT_EQ(static_cast<std::int64_t>(whole.size()), count_matches(*store, o));
    // The two kinds interleave: some mention-only article ranks above some text match.
    const auto first_mention = std::find_if(whole.begin(), whole.end(), [](const std::string& u) {
      return u.rfind("vi-", 0) == 0 && u != "vi-za";
    });
    ASSERT_NE(first_mention, whole.end());
    EXPECT_NE(std::find_if(first_mention, whole.end(),
                           [](const std::string& u) { return u.rfind("en-", 0) == 0; }),
              whole.end())
        << ::testing::PrintToString(whole);
    o.limit = 0;  // no page at all
  EXPECT_TRUE(search(*store, o).empty());
  for (std::int64_t limit = 1; limit <= 4; ++limit) {
      for (std::int64_t offset = 0; offset < static_cast<std::int64_t>(whole.size()); ++offset) {
        o.limit = limit;
        o.offset = offset;
        std::vector<std::string> page;
        for (const Hit& h : search(*store, o)) page.push_back(h.uid);
        const auto end = std::min(whole.size(), static_cast<std::size_t>(offset + limit));
        EXPECT_EQ(page, std::vector<std::string>(whole.begin() + offset,
                                                 whole.begin() + static_cast<std::ptrdiff_t>(end)))
            << "limit " << limit << " offset " << offset;
      }
    }
  }
}

TEST_F(BilingualTest, CountWithCollapseCountsWhatCollapseLists) {
  test::write_file(
      dir.file("copies.jsonl"),
      "{\"id\": \"c1\", \"title\": \"Zebras\", \"body\": \"Zebras crossed the river at dawn, and "
      "the "
      "herd grazed on the far bank until the evening came down over the plain.\", \"lang\": "
      "\"en\"}\n"
      "{\"id\": \"c2\", \"title\": \"Zebras\", \"body\": \"Zebras crossed the river at dawn, and "
      "the "
      "herd grazed on the far bank until the evening came down over the plain.\", \"lang\": "
      "\"en\"}\n"
      "{\"id\": \"c3\", \"title\": \"Zebras again\", \"body\": \"Zebras are striped.\", \"lang\": "
      "\"en\"}\n");
  add(dir.file("copies.jsonl"));
  Deduper(*store).update();
  SearchOptions o;
  o.query = "zebras";
  EXPECT_EQ(count_matches(*store, o), 3);
  o.collapse = true;
  EXPECT_EQ(count_matches(*store, o), 2);
  o.limit = 100;
  const auto hits = search(*store, o);
  EXPECT_EQ(hits.size(), 2u);
}

// FTS5's own bm25 over an index of the same text without the language column, by rowid.
std::map<std::string, double> bare_bm25(Store& store, const std::string& match) {
  store.exec(
      "CREATE VIRTUAL TABLE IF NOT EXISTS bare_fts USING fts5(title, lead, body,"
      " content='articles', content_rowid='id', tokenize='corpus vocab')");
  store.exec("INSERT INTO bare_fts(bare_fts) VALUES ('rebuild')");
  Statement s = store.prepare(
      "SELECT a.uid, bm25(bare_fts, 8.0, 3.0, 1.0) FROM bare_fts JOIN articles a ON"
      " a.id = bare_fts.rowid WHERE bare_fts MATCH ?1");
  s.bind(1, match);
  std::map<std::string, double> out;
  while (s.step()) out[s.text(0)] = -s.real(1);  // as Hit::score: higher is better
  return out;
}

// Plain words go to FTS5 as OR groups of their indexed forms, ranked by corpus_rank; typed as
// quoted words they stay one term with colocated alternatives, which FTS5's own bm25 scores,
// here on an index of the same text without the language column. Both must find and score
// alike, to the last bit: the language column is in no score and no length.
TEST_F(SearchTest, AWordsWrittenOutFormsRankAsItsColocatedAlternatives) {
  add_articles({{"a.txt", " date 2025-01-01 Đại hội\n\nĐại hội đại biểu. Con đường dài. Dải đất hẹp."},
                {"b.txt", " date 2025-01-02 Tin\n\nĐài truyền hình đưa tin về đại hội và dãi nắng."},
                {"c.txt", " date 2025-01-03 Tin\n\nHội nghị bàn về trading and trades, dài dòng."},
                {"d.txt", " date 2025-01-04 Hội thảo\n\nThe trade talks: traders traded. Hôi hám."}});
  // (Inflections have no colocated equivalent: they count in English articles only.)
  for (const std::string words : {"dai", "hoi", "dai hoi", "hoi dai"}) {
    SearchOptions grouped;
    grouped.query = words;
    grouped.limit = 100;
    // The same words as colocated alternatives (without the phrase boost).
    std::string colocated;
    for (std::size_t b = 0, e; b < words.size(); b = e + 1) {
      e = std::min(words.find(' ', b), words.size());
      colocated += (b ? " AND \"" : "\"") + words.substr(b, e - b) + "\"";
    }
    const auto a = search(*store, grouped);
    auto scores = bare_bm25(*store, colocated);
    ASSERT_EQ(a.size(), scores.size()) << words;
    EXPECT_GE(a.size(), 2u) << words;
    for (const auto& h : a) {
      ASSERT_EQ(scores.count(h.uid), 1u) << words << ": " << h.uid;
      if (words.find(' ') == std::string::npos) {
        EXPECT_EQ(h.score, scores[h.uid]) << words << ": " << h.uid;
      } else {  // doubled where the words stand together
        EXPECT_TRUE(h.score == scores[h.uid] || h.score == 2 * scores[h.uid]) << words << ": " << h.uid;
      }
    }
  }
}

TEST_F(SearchTest, AnExactTermMeetsNoAlternatives) {
  add_articles({{"a.txt", " date 2025-01-01 Tin\n\nMột con đường dai dẳng."}});
  SearchOptions o;
  o.raw = true;
  o.query = fts5_quote(std::string(1, kExactQueryMark) + "dai");
  EXPECT_EQ(ids(o.query, o), (Ids{"a"}));  // `dai` itself, not `đại` (000, 001, 004)
  o.query = "\"dai\"";
  EXPECT_EQ(ids(o.query, o), (Ids{"000", "001", "004", "a"}));
}

TEST_F(SearchTest, CountLimitAndOffset) {
  SearchOptions o;
  o.query = "dai";
  EXPECT_EQ(count_matches(*store, o), 3);
  o.limit = 1;
  EXPECT_EQ(search(*store, o).size(), 1u);
  o.offset = 2;
  o.limit = 5;
  EXPECT_EQ(search(*store, o).size(), 1u);
}

TEST_F(SearchTest, RawFts5SyntaxErrorsAreReportedNotCrashes) {
  SearchOptions o;
  o.query = "\"unterminated";
  o.raw = true;
  EXPECT_THROW(search(*store, o), StoreError);
}

}  // namespace
}  // namespace corpus
