#include "corpus/entities.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "corpus/ingest.h"
#include "test_util.h"

namespace corpus {
namespace {

class EntitiesTest : public ::testing::Test {
 protected:
  void add(const std::string& name, std::string_view body, std::string_view title = "Tin") {
    const std::string path = dir.file(name);
    test::write_file(path, std::string(" date 2025-10-26 ") + std::string(title) + "\n\n" + std::string(body) + "\n");
    add_path(path);
  }
  void add_path(const std::string& path) {
    Ingester in(*store, {}, [](const Rejection& r) { ADD_FAILURE() << to_string(r); });
    in.add_path(path);
    in.finish();
  }
  std::vector<std::string> found(std::string_view name) {
    std::vector<std::string> out;
    for (const auto& e : index.find(name)) out.push_back(e.name);
    return out;
  }
  // An article with no text, in a transaction left open: for tests that hand EntityIndex::save
  // the entities themselves.
  std::int64_t begin_with_article() {
    article.uid = "a";
    article.title = "x";
    article.lang = "en";
    store->begin();
    return store->insert_article(article, "h");
  }
  std::int64_t count(const char* sql) {
    Statement s = store->prepare(sql);
    s.step();
    return s.integer(0);
  }

  test::TempDir dir;
  Article article;
  std::unique_ptr<Store> store = Store::open(dir.file("c.db"), true);
  EntityIndex index{*store};
};

using Names = std::vector<std::string>;

TEST_F(EntitiesTest, SpellingsOfOneForeignNameAcrossArticlesAreOneEntity) {
  add("a.txt", "Giám đốc Cơ quan An ninh quốc gia Azerbaijan Ali Naghiyev đến Hà Nội.");
  add("b.txt", "Giám đốc An ninh quốc gia Azerbaijan Ali Nagiyev ký thỏa thuận.");
  const auto es = index.find("Nagiyev");
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].name, "Ali Naghiyev");
  EXPECT_EQ(es[0].articles, 2);
  EXPECT_EQ(es[0].code, "AZ");
}

TEST_F(EntitiesTest, AnAgreementsPopularNameLinksArticlesThatUseEitherName) {
  add("a.txt", "Việt Nam ký Công ước Hà Nội.");
  add("b.txt", "Lễ mở ký Công ước Liên hợp quốc về chống tội phạm mạng (Công ước Hà Nội) diễn ra tại Hà Nội.");
  const auto es = index.find("Hanoi Convention");
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].articles, 2);
  EXPECT_EQ(es[0].type, EntityType::agreement);
}

TEST_F(EntitiesTest, FoundByCodeAnyAliasUnaccentedOrPrefix) {
  add_path(test::seeds_dir());
  EXPECT_EQ(found("ZA"), Names{"Nam Phi"});
  EXPECT_EQ(found("South Africa"), Names{"Nam Phi"});
  EXPECT_EQ(found("nam phi"), Names{"Nam Phi"});
  EXPECT_EQ(found("thuy dien"), Names{"Thụy Điển"});  // unaccented: any marks
  EXPECT_EQ(found("Thuỵ Điển"), Names{"Thụy Điển"});  // new-style tone placement
  EXPECT_EQ(found("naghi*"), Names{"Ali Naghiyev"});
  EXPECT_EQ(found("Liên Hiệp Quốc"), Names{"Liên hợp quốc"});
  EXPECT_TRUE(found("nobody at all").empty());
}

TEST_F(EntitiesTest, AccentedQueriesArePrecise) {
  add("a.txt", "Chủ tịch Lê Văn Hòa phát biểu.");
  add("b.txt", "Chủ tịch Lê Văn Hóa phát biểu.");
  EXPECT_EQ(found("Lê Văn Hòa"), Names{"Lê Văn Hòa"});
  EXPECT_EQ(found("le van hoa").size(), 2u);
}

TEST_F(EntitiesTest, ReingestIsIdempotentAndAnEditReplacesTheMentions) {
  add("a.txt", "Thủ tướng Phạm Minh Chính thăm Nhật Bản.");
  const auto mentions = count("SELECT count(*) FROM mentions");
  const auto roles = count("SELECT count(*) FROM roles");
  add("a.txt", "Thủ tướng Phạm Minh Chính thăm Nhật Bản.");
  EXPECT_EQ(count("SELECT count(*) FROM mentions"), mentions);
  EXPECT_EQ(count("SELECT count(*) FROM roles"), roles);
  add("a.txt", "Thủ tướng Phạm Minh Chính thăm Hàn Quốc.");
  EXPECT_TRUE(found("Japan").empty() || index.find("Japan")[0].mentions == 0);
  EXPECT_EQ(found("South Korea"), Names{"Hàn Quốc"});
}

TEST_F(EntitiesTest, TwoSpellingsInOneArticleAreOneMentionRow) {
  const std::int64_t id = begin_with_article();
  auto official = [](std::string name, std::uint32_t at) {
    Entity e;
    e.type = EntityType::official;
    e.key = name;
    e.name = std::move(name);
    e.code = "AZ";
    e.mentions.push_back(Mention{Field::body, at, at + 12, "name", e.name});
    return e;
  };
  // Extraction keeps the two apart (different words); the store finds them one person.
  index.save(id, article, {official("Ali Naghiyev", 0), official("Ali Nagiyev", 40)}, true);
  index.flush_names();
  store->commit();
  EXPECT_EQ(count("SELECT count(*) FROM entities WHERE type = 'official'"), 1);
  Statement s = store->prepare("SELECT count, spans FROM mentions");
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.integer(0), 2);
  EXPECT_EQ(s.text(1), "2 0 12 name;2 40 52 name");
  EXPECT_FALSE(s.step());
}

TEST_F(EntitiesTest, EveryEntityOfAnArticleGetsItsMentionRow) {
  // Mention rows go in several to a statement: 17 entities fill two statements and start a
  // third; each keeps its own count and spans.
  const std::int64_t id = begin_with_article();
  std::vector<Entity> entities;
  for (std::uint32_t i = 0; i < 17; ++i) {
    Entity e;
    e.type = EntityType::org;
    e.key = "org:test " + std::to_string(i);
    e.name = "Test Corp " + std::to_string(i);
    for (std::uint32_t k = 0; k <= i % 3; ++k) {
      e.mentions.push_back(Mention{Field::body, 100 * i + k, 100 * i + k + 4, "name", e.name});
    }
    entities.push_back(std::move(e));
  }
  index.save(id, article, entities, true);
  index.flush_names();
  store->commit();
  EXPECT_EQ(count("SELECT count(*) FROM mentions"), 17);
  Statement s = store->prepare(
      "SELECT e.name, m.count, m.spans FROM mentions m JOIN entities e ON e.id = m.entity_id ORDER BY e.id");
  for (std::uint32_t i = 0; i < 17; ++i) {
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.text(0), "Test Corp " + std::to_string(i));
    EXPECT_EQ(s.integer(1), static_cast<std::int64_t>(i % 3 + 1));
    EXPECT_EQ(s.text(2).substr(0, s.text(2).find(';')), fmt::format("2 {} {} name", 100 * i, 100 * i + 4));
  }
  EXPECT_FALSE(s.step());
}

// `corpus check`: what ingest writes passes; a span past its field's end, one that splits a
// character, and an entity missing from the names index are each reported.
TEST_F(EntitiesTest, CheckFindsSpansOutsideTheTextAndAGapInTheNamesIndex) {
  add("a.txt", "Giám đốc Cơ quan An ninh quốc gia Azerbaijan Ali Naghiyev đến Hà Nội.");
  EXPECT_TRUE(index.check().empty()) << ::testing::PrintToString(index.check());
  // The article's one paragraph is its lead (field 1): `Giám` is 5 bytes, `á` its third and fourth.
  store->exec("UPDATE mentions SET spans = '1 0 5 name;1 0 3 name;1 500 510 name' WHERE entity_id ="
              " (SELECT id FROM entities WHERE key = 'country:AZ')");
  store->exec("DELETE FROM entities_fts WHERE rowid = (SELECT id FROM entities WHERE key = 'country:AZ')");
  EXPECT_EQ(index.check(), (Names{"entity 'country:AZ' is missing in the names index",
                                  "article 'a': the mention '1 0 3 name' of entity 'country:AZ' lies outside its text",
                                  "article 'a': the mention '1 500 510 name' of entity 'country:AZ' lies outside its text"}));
}

TEST_F(EntitiesTest, RolesKeepTheirArticleAndDate) {
  add("a.txt", "Tổng Bí thư Tô Lâm (khi đó là Bộ trưởng Bộ Công an) thăm Mozambique năm 2019.");
  const auto es = index.find("Tô Lâm");
  ASSERT_EQ(es.size(), 1u);
  const EntityDetail d = index.detail(es[0]);
  ASSERT_EQ(d.roles.size(), 2u);
  EXPECT_EQ(d.roles[1].title, "Bộ trưởng Bộ Công an");
  EXPECT_TRUE(d.roles[1].past);
  EXPECT_EQ(d.roles[1].date, "2025-10-26");
  EXPECT_EQ(d.roles[1].article_uid, "a");
}

TEST_F(EntitiesTest, ReindexReproducesWhatIngestStored) {
  add_path(test::seeds_dir());
  const auto mentions = count("SELECT count(*) FROM mentions");
  const auto entities = count("SELECT count(*) FROM entities");
  store->exec("DELETE FROM mentions");
  EXPECT_EQ(index.reindex(), 3);
  EXPECT_EQ(count("SELECT count(*) FROM mentions"), mentions);
  EXPECT_EQ(count("SELECT count(*) FROM entities"), entities);
  EXPECT_EQ(index.rules_version(), kEntityRulesVersion);
  EXPECT_TRUE(store->check().empty());
}

}  // namespace
}  // namespace corpus
