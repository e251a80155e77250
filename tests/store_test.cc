#include "corpus/store.h"

#include <gtest/gtest.h>
#include <fmt/format.h>
#include <filesystem>

#include <sqlite3.h>
#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>
#include <vector>

#include "corpus/normalize.h"
#include "corpus/parse.h"
#include "corpus/query.h"
#include "corpus/tokenizer.h"
#include "test_util.h"

namespace corpus {
namespace {

Article article(std::string_view text, std::string_view name = "a_1.txt") {
  return *parse_article_file(text, name).article;
}

std::int64_t matches(Store& s, const char* match) {
  Statement st = s.prepare("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?1");
  st.bind(1, match);
  st.step();
  return st.integer(0);
}

// Undoes version 8 on a database of today's schema: an articles index without its language
// column.
void drop_language_column(Store& s) {
  s.exec("DROP TABLE articles_fts");
  s.exec("ALTER TABLE articles DROP COLUMN fts_lang");
  s.exec(
      "CREATE VIRTUAL TABLE articles_fts USING fts5(title, lead, body, content='articles',"
      " content_rowid='id', tokenize='corpus vocab')");
  s.exec("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')");
}

// `c.db` in `dir`: made with today's schema and filled by `fill`, then taken back to what
// schema `version` wrote (the later versions this file knows how to undo, then `to_older`),
// then opened again: migrated.
std::unique_ptr<Store> migrated_from(test::TempDir& dir, int version,
                                     const std::function<void(Store&)>& fill,
                                     const std::function<void(Store&)>& to_older) {
  {
    auto s = Store::open(dir.file("c.db"), true);
    fill(*s);
    if (version < 8) drop_language_column(*s);
    to_older(*s);
    s->exec(fmt::format("PRAGMA user_version={}", version).c_str());
  }
  return Store::open(dir.file("c.db"), false);
}

void one_article(Store& s) {
  const Article a = article(" date 2025-01-01 Đại hội\n\nagreements");
  s.put_source("/x/a_1.txt", s.insert_article(a, a.content_hash()), a.content_hash());
}

void nothing(Store&) {}

TEST(Store, CreatesAVersionedSchemaInWalMode) {
  test::TempDir dir;
  auto s = Store::open(dir.file("c.db"), true);
  Statement v = s->prepare("PRAGMA user_version");
  ASSERT_TRUE(v.step());
  EXPECT_EQ(v.integer(0), kSchemaVersion);
  Statement j = s->prepare("PRAGMA journal_mode");
  ASSERT_TRUE(j.step());
  EXPECT_EQ(j.text(0), "wal");
}

TEST(Store, ProcessesOpeningANewDatabaseTogetherAllSeeOneSchema) {
  // `corpus stats` polling a database that `corpus ingest` is creating: whoever takes the
  // write lock second must find the schema made, not make it again.
  for (int round = 0; round < 5; ++round) {
    test::TempDir dir;
    const std::string path = dir.file("c.db");
    std::vector<std::thread> openers;
    std::atomic<int> failures{0};
    for (int i = 0; i < 4; ++i) {
      openers.emplace_back([&] {
        try {
          Store::open(path, true);
        } catch (const std::exception& e) {
          ADD_FAILURE() << e.what();
          ++failures;
        }
      });
    }
    for (auto& t : openers) t.join();
    EXPECT_EQ(failures, 0);
  }
}

TEST(Store, RefusesToCreateWhenAskedToOpen) {
  test::TempDir dir;
  EXPECT_THROW(Store::open(dir.file("missing.db"), false), StoreError);
}

TEST(Store, RefusesASchemaFromTheFuture) {
  test::TempDir dir;
  { Store::open(dir.file("c.db"), true)->exec("PRAGMA user_version=99"); }
  EXPECT_THROW(Store::open(dir.file("c.db"), false), StoreError);
}

TEST(Store, IndexFollowsInsertUpdateDelete) {
  test::TempDir dir;
  auto s = Store::open(dir.file("c.db"), true);
  const Article a = article(" date 2025-01-01 Hòa bình\n\nĐại hội");
  const auto id = s->insert_article(a, a.content_hash());
  EXPECT_EQ(matches(*s, "dai"), 1);
  EXPECT_EQ(matches(*s, "hoa"), 1);
  const Article b = article(" date 2025-01-01 Chiến tranh\n\nKết thúc");
  s->update_article(id, b, b.content_hash());
  EXPECT_EQ(matches(*s, "dai"), 0);
  EXPECT_EQ(matches(*s, "chien"), 1);
  s->delete_article(id);
  EXPECT_EQ(matches(*s, "chien"), 0);
}

TEST(Store, LoadsAnArticleBackWithItsLayout) {
  test::TempDir dir;
  auto s = Store::open(dir.file("c.db"), true);
  const Article a = article(test::read_file(test::seed_path("000")), "000_x.txt");
  const auto id = s->insert_article(a, a.content_hash());
  s->put_source("/somewhere/000_x.txt", id, a.content_hash());
  const auto back = s->load_article("000_x");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->article.content_hash(), a.content_hash());
  EXPECT_EQ(back->paths, std::vector<std::string>{"/somewhere/000_x.txt"});
}

TEST(Store, ChangedTextRulesRebuildTheIndex) {
  test::TempDir dir;
  {
    auto s = Store::open(dir.file("c.db"), true);
    const Article a = article(" date 2025-01-01 Đại hội\n\nx");
    s->insert_article(a, a.content_hash());
    // Simulate an index made by older rules that did not fold: drop the folded forms.
    s->exec("UPDATE meta SET value = '0' WHERE key = 'rules_version'");
    s->exec("INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')");
    s->exec("DELETE FROM vocab");
    EXPECT_EQ(matches(*s, "dai"), 0);
  }
  auto s = Store::open(dir.file("c.db"), false);
  EXPECT_EQ(matches(*s, "dai"), 1);
}

std::vector<std::string> column(Store& s, const char* sql) {
  std::vector<std::string> out;
  Statement st = s.prepare(sql);
  while (st.step()) out.push_back(st.text(0));
  return out;
}

// The articles index holds one token a word, as a bare FTS5 table would; the folded forms and
// English base forms that unaccented and inflected queries need live in `vocab`.
TEST(Store, ArticlesIndexHoldsOneTokenAWordAndVocabTheOtherForms) {
  test::TempDir dir;
  auto s = Store::open(dir.file("c.db"), true);
  const Article a = article(" date 2025-01-01 Đại hội\n\nThe agreements were signed in Hoà Bình.");
  s->insert_article(a, a.content_hash());
  s->exec("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, articles_fts, row)");
  const auto terms = column(*s, "SELECT term FROM temp.terms");
  for (const char* t : {"đại", "hội", "agreements", "hoà", "bình"}) {
    EXPECT_NE(std::find(terms.begin(), terms.end(), t), terms.end()) << t;
  }
  for (const char* t : {"dai", "hoi", "agreement", "hoa", "binh"}) {
    EXPECT_EQ(std::find(terms.begin(), terms.end(), t), terms.end()) << t;
  }
  EXPECT_EQ(column(*s, "SELECT word FROM vocab WHERE key = 'dai'"), std::vector<std::string>{"đại"});
  // An English word is filed under its base form, behind a key no folded form can be.
  EXPECT_EQ(column(*s, "SELECT word FROM vocab WHERE key = char(30) || 'agreement'"),
            std::vector<std::string>{"agreements"});
  EXPECT_TRUE(column(*s, "SELECT word FROM vocab WHERE key = 'agreement'").empty());
  // Every way of asking still finds it, and an accented query only its own word.
  for (const char* q :
       {"dai", "đại", "Đại", "\"dai hoi\"", "agreements", "hoa binh", "hòa bình", "\"hoa binh\""}) {
    EXPECT_EQ(matches(*s, q), 1) << q;
  }
  // The tokenizer adds no inflections (search does, for English articles only).
  for (const char* q : {"dài", "đài", "hỏi", "\"hoi dai\"", "agreed", "agreement"})
    EXPECT_EQ(matches(*s, q), 0) << q;
}

// Version 4 indexed the folded forms and stems beside every word; opening such a database
// re-indexes it one token a word and fills `vocab` from the articles.
TEST(Store, MigratesAnIndexWithColocatedFormsToVocab) {
  test::TempDir dir;
  auto s = migrated_from(dir, 4, one_article, [](Store& s) {
    s.exec("DROP TABLE vocab");
    s.exec("DROP INDEX articles_filter");  // version 6
    s.exec("DROP TABLE articles_fts");
    s.exec(
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title, lead, body, content='articles', "
        "content_rowid='id',"
        " tokenize='corpus')");
    s.exec("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')");
    EXPECT_EQ(matches(s, "dai"), 1);  // by the colocated folded token
  });
  EXPECT_EQ(column(*s, "SELECT word FROM vocab WHERE key = 'dai'"), std::vector<std::string>{"đại"});
  s->exec("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, articles_fts, row)");
  EXPECT_TRUE(column(*s, "SELECT term FROM temp.terms WHERE term IN ('dai', 'hoi', 'agreement')").empty());
  EXPECT_EQ(matches(*s, "dai"), 1);
  EXPECT_EQ(matches(*s, "agreements"), 1);
  EXPECT_TRUE(s->check().empty()) << ::testing::PrintToString(s->check());
}

// A version 5 database gains the index that date and language filters read (search names it),
// holding the articles already stored.
TEST(Store, MigratesToTheFilterIndex) {
  test::TempDir dir;
  auto s =
      migrated_from(dir, 5, one_article, [](Store& s) { s.exec("DROP INDEX articles_filter"); });
  EXPECT_EQ(column(*s, "SELECT date || ' ' || lang FROM articles INDEXED BY articles_filter WHERE id > 0"),
            std::vector<std::string>{"2025-01-01 vi"});
  EXPECT_TRUE(s->check().empty()) << ::testing::PrintToString(s->check());
}

// A version 6 database's entity index gains the mentions' counts, which search's ranking of
// the articles that mention a named entity reads from it alone.
TEST(Store, MigratesToMentionCountsInTheEntityIndex) {
  test::TempDir dir;
  auto s = migrated_from(dir, 6, nothing, [](Store& s) {
    s.exec("DROP INDEX mentions_entity");
    s.exec("CREATE INDEX mentions_entity ON mentions(entity_id)");
  });
  EXPECT_EQ(column(*s, "SELECT name FROM pragma_index_info('mentions_entity') ORDER BY seqno"),
            (std::vector<std::string>{"entity_id", "count"}));
  EXPECT_TRUE(s->check().empty()) << ::testing::PrintToString(s->check());
}

// A version 7 database's articles index gains each article's language as a token of its own
// column, which only a language tag meets: no word of an article, and no query word.
TEST(Store, MigratesToALanguageTokenPerArticle) {
  test::TempDir dir;
  auto fill = [](Store& s) {
    int n = 0;
    for (const auto* text : {" date 2025-01-01 Đại hội\n\nBan tổ chức",
                             " date 2025-01-02 The talks\n\nThey talked about the talks."}) {
      const Article a = article(text, fmt::format("a_{}.txt", ++n));
      s.put_source(fmt::format("/x/a_{}.txt", n), s.insert_article(a, a.content_hash()),
                   a.content_hash());
    }
  };
  auto s = migrated_from(dir, 7, fill, [](Store& s) {
    s.exec("INSERT INTO vocab(key, word) VALUES ('organ', 'organization')");
    s.set_meta("rules_version", std::to_string(kRulesVersion - 1));
  });
  EXPECT_EQ(matches(*s, fts5_quote(language_tag("en")).c_str()), 1);
  EXPECT_EQ(matches(*s, fts5_quote(language_tag("vi")).c_str()), 1);
  EXPECT_EQ(matches(*s, "en OR vi OR lang"), 0);
  EXPECT_EQ(matches(*s, "talked"), 1);
  // The re-index began `vocab` anew, by today's rules.
  EXPECT_TRUE(column(*s, "SELECT word FROM vocab WHERE key = 'organ'").empty());
  EXPECT_EQ(s->meta("rules_version"), std::to_string(kRulesVersion));
  EXPECT_TRUE(s->check().empty()) << ::testing::PrintToString(s->check());
}

// An article whose language changes changes its tag: the index forgets the old one (it is
// told the exact text it indexed) and holds the new one.
TEST(Store, AnUpdatedArticlesLanguageTagFollowsIt) {
  test::TempDir dir;
  auto s = Store::open(dir.file("c.db"), true);
  Article a = article(" date 2025-01-01 Tin\n\nBan tổ chức họp.");
  const std::int64_t id = s->insert_article(a, a.content_hash());
  s->put_source("/x/a_1.txt", id, a.content_hash());
  const std::string en = fts5_quote(language_tag("en")), vi = fts5_quote(language_tag("vi"));
  EXPECT_EQ(matches(*s, ("fts_lang : " + vi).c_str()), 1);
  a.lang = "en";
  s->update_article(id, a, a.content_hash());
  EXPECT_EQ(matches(*s, ("fts_lang : " + vi).c_str()), 0);
  EXPECT_EQ(matches(*s, ("fts_lang : " + en).c_str()), 1);
  EXPECT_TRUE(s->check().empty()) << ::testing::PrintToString(s->check());
}

// A database indexed by older text rules is re-indexed on open, whether or not a migration
// ran (a migration that does not re-index leaves the rules' version as it was), its stale
// `vocab` (here a stem of the rules before WordNet's inflections) gone.
TEST(Store, AnIndexOfOlderRulesIsRebuiltOnOpen) {
  test::TempDir dir;
  auto fill = [](Store& s) {
    const Article a = article(" date 2025-01-01 Tin\n\nThe organization met.");
    s.put_source("/x/a_1.txt", s.insert_article(a, a.content_hash()), a.content_hash());
  };
  auto s = migrated_from(dir, kSchemaVersion, fill, [](Store& s) {
    s.exec("INSERT INTO vocab(key, word) VALUES ('organ', 'organization')");
    s.set_meta("rules_version", std::to_string(kRulesVersion - 1));
  });
  EXPECT_EQ(s->meta("rules_version"), std::to_string(kRulesVersion));
  EXPECT_TRUE(column(*s, "SELECT word FROM vocab WHERE key = 'organ'").empty());
  EXPECT_EQ(matches(*s, "organization"), 1);
  EXPECT_EQ(matches(*s, "organ"), 0);
}

// Checkpoints on their own thread copy the WAL while the writer goes on; the WAL still
// starts over once it passes its cap, and what was written is all there afterwards.
TEST(Store, BackgroundCheckpointsKeepTheWalBounded) {
  test::TempDir dir;
  const std::string path = dir.file("c.db");
  auto s = Store::open(path, true);
  std::uintmax_t largest_wal = 0;
  constexpr int kCap = 200;  // pages
  {
    BackgroundCheckpointer checkpointer(*s, kCap);
    std::string body;
    for (int i = 0; i < 400; ++i) body += fmt::format("Đại hội lần thứ {} của những người bạn. ", i);
    for (int batch = 0; batch < 40; ++batch) {
      Transaction t(*s);
      for (int i = 0; i < 10; ++i) {
        const Article a = article(fmt::format(" date 2025-01-01 Bài {} {}\n\n{}", batch, i, body),
                                  fmt::format("a_{}_{}.txt", batch, i));
        s->insert_article(a, a.content_hash());
      }
      t.commit();
      largest_wal = std::max(largest_wal, std::filesystem::file_size(path + "-wal"));
    }
  }
  // A transaction here writes well under the cap; the WAL may hold the cap and one more.
  EXPECT_LT(largest_wal, std::uintmax_t{3 * kCap * 4096}) << largest_wal;
  EXPECT_GT(largest_wal, std::uintmax_t{kCap * 4096 / 4});  // it did fill up between restarts
  EXPECT_EQ(matches(*s, "dai"), 400);
  EXPECT_TRUE(s->check().size() <= 400u);  // every article lacks a source here, nothing else
  for (const auto& p : s->check()) EXPECT_NE(p.find("source"), std::string::npos) << p;
}

TEST(Store, CheckFindsAnIndexOutOfStepWithItsArticles) {
  test::TempDir dir;
  auto s = Store::open(dir.file("c.db"), true);
  const Article a = article(" date 2025-01-01 Đại hội\n\nx");
  const auto id = s->insert_article(a, a.content_hash());
  s->put_source("/x/a_1.txt", id, a.content_hash());
  EXPECT_TRUE(s->check().empty()) << ::testing::PrintToString(s->check());
  s->exec("UPDATE articles SET title = 'Something else'");  // behind the index's back
  const auto problems = s->check();
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems[0].find("full-text index"), std::string::npos) << problems[0];
}

// `corpus reindex --index`: an index and vocabulary damaged behind corpus's back are made
// again from the text, and folded queries find the article again.
TEST(Store, RebuildIndexMendsADamagedIndexAndItsVocabulary) {
  test::TempDir dir;
  auto s = Store::open(dir.file("c.db"), true);
  const Article a = article(" date 2025-01-01 Đại hội thỏa thuận\n\nagreements signed");
  const auto id = s->insert_article(a, a.content_hash());
  s->put_source("/x/a_1.txt", id, a.content_hash());
  const auto vocab = column(*s, "SELECT key || ' ' || word FROM vocab ORDER BY 1");
  ASSERT_FALSE(vocab.empty());
  s->exec("DELETE FROM vocab");
  s->exec("DELETE FROM articles_fts_data WHERE id > 10");
  EXPECT_FALSE(s->check().empty());
  s->rebuild_index();
  EXPECT_TRUE(s->check().empty()) << ::testing::PrintToString(s->check());
  EXPECT_EQ(column(*s, "SELECT key || ' ' || word FROM vocab ORDER BY 1"), vocab);
  EXPECT_EQ(matches(*s, "\"Đại\""), 1);
}

// A row whose parent is gone (written with the foreign keys off, as another tool might) is
// reported by the table it is in.
TEST(Store, CheckFindsRowsWhoseParentIsGone) {
  test::TempDir dir;
  auto s = Store::open(dir.file("c.db"), true);
  const Article a = article(" date 2025-01-01 Đại hội\n\nagreements");
  s->put_source("/x/a_1.txt", s->insert_article(a, a.content_hash()), a.content_hash());
  EXPECT_TRUE(s->check().empty()) << ::testing::PrintToString(s->check());
  s->exec("PRAGMA foreign_keys=OFF");
  s->exec("INSERT INTO mentions(article_id, entity_id, count, spans) VALUES (1, 42, 1, '0 0 3 name')");
  EXPECT_EQ(s->check(), std::vector<std::string>{"mentions: a row refers to a missing row of entities"});
}

// A full disk (here the database's page limit, which SQLite reports the same way) names the
// file and says what to do; the transaction is rolled back and what was committed stays whole.
TEST(Store, AFullDiskSaysSoAndKeepsWhatWasCommitted) {
  test::TempDir dir;
  auto s = Store::open(dir.file("c.db"), true);
  const Article a = article(" date 2025-01-01 Đại hội\n\nx");
  {
    Transaction t(*s);
    s->put_source("/x/a_1.txt", s->insert_article(a, a.content_hash()), a.content_hash());
    t.commit();
  }
  s->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  Statement pages = s->prepare("PRAGMA page_count");
  ASSERT_TRUE(pages.step());
  const std::string limit = fmt::format("PRAGMA max_page_count={}", pages.integer(0) + 2);
  s->exec(limit.c_str());
  try {
    Transaction t(*s);
    for (int i = 0; i < 2000; ++i) {
      const Article b = article(fmt::format(" date 2025-01-02 Tin {}\n\n{}", i, std::string(500, 'y')),
                                fmt::format("b_{}.txt", i));
      s->put_source(fmt::format("/x/b_{}.txt", i), s->insert_article(b, b.content_hash()), b.content_hash());
    }
    t.commit();
    FAIL() << "no error past the page limit";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.code & 0xff, SQLITE_FULL);
    EXPECT_NE(std::string(e.what()).find("cannot write '" + dir.file("c.db") + "': the disk is full"),
              std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(s->in_transaction());
  EXPECT_EQ(s->stats().articles, 1);
  EXPECT_TRUE(s->check().empty()) << ::testing::PrintToString(s->check());
}

TEST(Store, TransactionRollsBackUnlessCommitted) {
  test::TempDir dir;
  auto s = Store::open(dir.file("c.db"), true);
  {
    Transaction t(*s);
    const Article a = article(" date 2025-01-01 T\n\nx");
    s->insert_article(a, a.content_hash());
  }
  EXPECT_EQ(s->stats().articles, 0);
}

}  // namespace
}  // namespace corpus
