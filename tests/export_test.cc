#include "corpus/export.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "corpus/dedupe.h"
#include "corpus/ingest.h"
#include "corpus/normalize.h"
#include "test_util.h"

namespace corpus {
namespace {

using ojson = nlohmann::ordered_json;

class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The seeds, and a copy of one with a word changed: a near-duplicate group once deduped.
    std::string copy = test::read_file(test::seed_path("000"));
    const auto at = copy.find("Mozambique");
    copy.replace(at, 10, "Mozambic");
    test::write_file(dir.file("copy_000.txt"), copy);
    Ingester in(*store, {}, [](const Rejection& r) { ADD_FAILURE() << to_string(r); });
    in.add_path(test::seeds_dir());
    in.add_path(dir.file("copy_000.txt"));
    in.finish();
  }
  std::vector<ojson> docs(const ExportOptions& o = {}) {
    std::vector<ojson> out;
    const std::int64_t n = export_articles(*store, o, [&](const ojson& d) { out.push_back(d); });
    EXPECT_EQ(n, static_cast<std::int64_t>(out.size()));
    return out;
  }
  const ojson& doc(const std::vector<ojson>& all, const std::string& prefix) {
    for (const auto& d : all) {
      if (d["id"].get<std::string>().starts_with(prefix)) return d;
    }
    ADD_FAILURE() << "no document " << prefix;
    return all.front();
  }
  test::TempDir dir;
  std::unique_ptr<Store> store = Store::open(dir.file("c.db"), true);
};

TEST_F(ExportTest, EachArticleIsOneDocumentWithItsDatesEntitiesAndText) {
  const auto all = docs();
  ASSERT_EQ(all.size(), 4u);
  const ojson& d = doc(all, "000_");
  std::vector<std::string> keys;
  for (const auto& [k, v] : d.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"id", "date", "timestamp", "lang", "title", "lead", "body", "source_name",
                                            "paths", "content_hash", "meta", "entities", "countries", "officials",
                                            "organizations", "agreements", "copies"}));
  EXPECT_EQ(d["date"], "2025-10-26");
  EXPECT_EQ(d["timestamp"], 1761436800000);
  EXPECT_EQ(d["lang"], "vi");
  const auto countries = d["countries"].get<std::vector<std::string>>();
  for (const char* code : {"ZA", "AZ", "MZ", "IR", "VN"}) {
    EXPECT_NE(std::find(countries.begin(), countries.end(), code), countries.end()) << code;
  }
  const auto officials = d["officials"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(officials.begin(), officials.end(), "Lương Tam Quang"), officials.end());
  EXPECT_NE(d["body"].get<std::string>().find("Công ước Hà Nội"), std::string::npos);
  EXPECT_TRUE(d["copies"].is_null());  // no dedupe run yet
  for (const auto& e : d["entities"]) EXPECT_GE(e["mentions"].get<int>(), 1);
  // Each article its own entities, whatever came before it.
  auto codes = [&](const char* prefix) {
    auto c = doc(all, prefix)["countries"].get<std::vector<std::string>>();
    std::sort(c.begin(), c.end());
    return c;
  };
  EXPECT_EQ(codes("001_"), (std::vector<std::string>{"MZ", "VN"}));
  EXPECT_EQ(codes("004_"), (std::vector<std::string>{"AZ", "VN"}));
}

TEST_F(ExportTest, CopiesNameTheirGroupsCanonicalArticle) {
  Deduper(*store).update();
  const auto all = docs();
  const ojson& original = doc(all, "000_");
  const ojson& copy = doc(all, "copy_000");
  ASSERT_FALSE(original["copies"].is_null());
  EXPECT_EQ(original["copies"]["group"], copy["copies"]["group"]);
  EXPECT_EQ(original["copies"]["size"], 2);
  EXPECT_NE(original["copies"]["canonical"], copy["copies"]["canonical"]);
  EXPECT_TRUE(doc(all, "004_")["copies"].is_null());
}

TEST_F(ExportTest, FiltersLeaveOutWhatSearchWouldLeaveOut) {
  ExportOptions o;
  o.from = "2026-01-01";
  EXPECT_TRUE(docs(o).empty());
  o.from.reset();
  o.lang = "en";
  EXPECT_TRUE(docs(o).empty());
  o.lang = "vi";
  EXPECT_EQ(docs(o).size(), 4u);
}

// _bulk: one action line per document, its _id the article's id, so a second export
// overwrites the first; an id too long for Elasticsearch still maps to one stable _id.
TEST_F(ExportTest, BulkActionsHaveDeterministicIds) {
  const auto all = docs();
  const ojson action = bulk_action({}, all.front());
  EXPECT_EQ(action.dump(), R"({"index":{"_index":"corpus","_id":")" + all.front()["id"].get<std::string>() + R"("}})");
  const std::string long_id(2000, 'x');
  EXPECT_LE(bulk_id(long_id).size(), 512u);
  EXPECT_EQ(bulk_id(long_id), bulk_id(long_id));
  EXPECT_NE(bulk_id(long_id), bulk_id(long_id + "y"));
  EXPECT_EQ(docs().front().dump(), all.front().dump());
}

void collect(const ojson& j, const std::string& key, std::set<std::string>& out) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (k == key && v.is_string()) out.insert(v.get<std::string>());
      if (k == key && v.is_array()) {
        for (const auto& x : v) out.insert(x.get<std::string>());
      }
      collect(v, key, out);
    }
  } else if (j.is_array()) {
    for (const auto& x : j) collect(x, key, out);
  }
}

TEST(EsTemplate, EveryAnalyzerAndCharFilterItNamesIsDefined) {
  const ojson t = es_template({});
  EXPECT_EQ(t["index_patterns"], ojson::array({"corpus*"}));
  const ojson& analysis = t["template"]["settings"]["analysis"];
  std::set<std::string> analyzers, char_filters, filters;
  collect(t["template"]["mappings"], "analyzer", analyzers);
  EXPECT_EQ(analyzers, (std::set<std::string>{"corpus_exact", "corpus_folded", "corpus_stem"}));
  for (const auto& a : analyzers) ASSERT_TRUE(analysis["analyzer"].contains(a)) << a;
  collect(analysis["analyzer"], "char_filter", char_filters);
  for (const auto& c : char_filters) EXPECT_TRUE(analysis["char_filter"].contains(c)) << c;
  collect(analysis["analyzer"], "filter", filters);
  for (const auto& f : filters) {
    EXPECT_TRUE(f == "icu_folding" || analysis["filter"].contains(f)) << f;
  }
  EXPECT_EQ(t["template"]["mappings"]["properties"]["date"]["type"], "date");
}

// The char filter moves a tone mark where corpus's own rules put it: for each mapping, both
// spellings of a syllable have one exact form, the mapping's target.
TEST(EsTemplate, ToneMappingsAgreeWithTheNormaliser) {
  const auto mappings = tone_placement_mappings();
  ASSERT_EQ(mappings.size(), 15u);
  Normalizer norm;
  for (const auto& [from, to] : mappings) {
    EXPECT_NE(from, to);
    const std::string old_style = "h" + from, new_style = "h" + to;
    const std::string exact = norm.forms(old_style).exact;
    EXPECT_EQ(exact, norm.forms(new_style).exact) << from << " / " << to;
    EXPECT_EQ(exact, new_style) << from;
  }
  const ojson t = es_template({});
  EXPECT_EQ(t["template"]["settings"]["analysis"]["char_filter"]["corpus_tone_placement"]["mappings"][0],
            mappings[0].first + " => " + mappings[0].second);
}

TEST(Export, EpochMillisOfADay) {
  EXPECT_EQ(epoch_millis("1970-01-01"), 0);
  EXPECT_EQ(epoch_millis("2025-10-26"), 1761436800000);
  EXPECT_EQ(epoch_millis("1987-02-26"), 541296000000);
  EXPECT_FALSE(epoch_millis("2025-02-30"));
  EXPECT_FALSE(epoch_millis("26/10/2025"));
}

}  // namespace
}  // namespace corpus
