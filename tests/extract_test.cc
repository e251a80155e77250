// Whole articles through every pass (src/extract/extract.cc), and the helpers the rule files'
// tests share (extract_util.h).
#include <gtest/gtest.h>

#include "extract_util.h"
#include "test_util.h"

namespace corpus {

namespace test {

Article article(std::string_view body, std::string_view title) {
  const std::string text =
      std::string(" date 2025-10-26 ") + std::string(title) + "\n\n" + std::string(body) + "\n";
  ParseResult r = parse_article_file(text, "t.txt");
  EXPECT_TRUE(r.ok()) << r.error.reason;
  return *r.article;
}

std::vector<Entity> extract(const Article& a) {
  Extractor x;
  return x.extract(a, a.body_text());
}

std::vector<std::string> names(const std::vector<Entity>& es, EntityType t) {
  std::vector<std::string> out;
  for (const auto& e : es) {
    if (e.type == t) out.push_back(t == EntityType::country ? e.code : e.name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

const Entity* find(const std::vector<Entity>& es, EntityType t, std::string_view name) {
  for (const auto& e : es) {
    if (e.type == t && e.name == name) return &e;
  }
  return nullptr;
}

}  // namespace test

namespace {

using test::extract;

TEST(ExtractAll, SeedMentionsSliceTheirFieldsOnCharacterBoundaries) {
  for (const char* id : {"000", "001", "004"}) {
    ParseResult r = parse_article_file(test::read_file(test::seed_path(id)), test::seed_path(id));
    ASSERT_TRUE(r.ok());
    const Article& a = *r.article;
    const std::string body = a.body_text();
    const std::string_view fields[] = {a.title, a.lead.text, body};
    for (const auto& e : extract(a)) {
      for (const auto& m : e.mentions) {
        const std::string_view f = fields[static_cast<int>(m.field)];
        ASSERT_LE(m.end, f.size());
        EXPECT_EQ(f.substr(m.begin, m.end - m.begin), m.text);
        EXPECT_NE(static_cast<unsigned char>(f[m.begin]) & 0xC0, 0x80);  // not a continuation byte
      }
    }
  }
}

}  // namespace
}  // namespace corpus
