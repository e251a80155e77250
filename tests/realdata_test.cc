// Real news from ../shared/data (never committed): checks that hold on text nobody here wrote.
// Skips when the data is absent, as on a user's fresh machine.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

#include "corpus/ingest.h"
#include "corpus/lang.h"
#include "corpus/line_reader.h"
#include "corpus/parse.h"
#include "corpus/normalize.h"
#include "corpus/search.h"
#include "corpus/text.h"
#include "test_util.h"

namespace corpus {
namespace {

const std::string kDantri = std::string(CORPUS_DATA_DIR) + "/dantri_unc_2653.jsonl.gz";

bool has_combining_mark(std::string_view s) {
  // U+0300..U+036F in UTF-8: 0xCC 0x80..0xBF or 0xCD 0x80..0xAF.
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    const auto a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    if ((a == 0xCC && b >= 0x80) || (a == 0xCD && b <= 0xAF)) return true;
  }
  return false;
}

TEST(RealData, DantriTitlesWrittenInNfdAreFoundByNfcAndUnaccentedQueries) {
  if (!std::filesystem::exists(kDantri)) GTEST_SKIP() << "no " << kDantri;
  test::TempDir dir;
  auto store = Store::open(dir.file("c.db"), true);
  Ingester in(*store, {}, {});
  in.add_path(kDantri);
  in.finish();
  ASSERT_GT(in.counts().added, 2000);

  Normalizer norm;
  int checked = 0;
  Statement rows = store->prepare("SELECT uid, title FROM articles ORDER BY id");
  std::vector<std::pair<std::string, std::string>> nfd_titles;
  while (rows.step()) {
    if (has_combining_mark(rows.text(1))) nfd_titles.emplace_back(rows.text(0), rows.text(1));
  }
  ASSERT_FALSE(nfd_titles.empty()) << "the data README promises NFD articles";
  for (const auto& [uid, title] : nfd_titles) {
    std::string nfc_phrase, folded_phrase;
    text::for_each_word(title, [&](std::size_t b, std::size_t e) {
      const TokenForms& f = norm.forms(std::string_view(title).substr(b, e - b));
      nfc_phrase += (nfc_phrase.empty() ? "" : " ") + f.exact;
      folded_phrase += (folded_phrase.empty() ? "" : " ") + (f.folded.empty() ? f.exact : f.folded);
    });
    for (const std::string& phrase : {nfc_phrase, folded_phrase}) {
      SearchOptions o;
      o.query = "\"" + phrase + "\"";
      o.limit = 1000;
      bool found = false;
      for (const auto& h : search(*store, o)) found = found || h.uid == uid;
      EXPECT_TRUE(found) << uid << ": " << o.query;
    }
    ++checked;
  }
  EXPECT_GE(checked, 10);
  RecordProperty("nfd_titles_checked", checked);
}

TEST(RealData, LanguageDetectionAgreesWithTheLabels) {
  // Each corpus labels its language; detection must agree without seeing the label.
  int checked = 0;
  for (const char* name : {"reuters21578.jsonl.gz", "bbc_2223.jsonl.gz", "dantri_unc_2653.jsonl.gz",
                           "vietnews_test.jsonl.gz", "baomoi_35k.jsonl.gz"}) {
    const std::string path = std::string(CORPUS_DATA_DIR) + "/" + name;
    if (!std::filesystem::exists(path)) continue;
    const int fd = ::open(path.c_str(), O_RDONLY);
    ASSERT_GE(fd, 0);
    LineReader reader(fd);
    std::string line;
    int seen = 0, agree = 0;
    while (seen < 1000 && reader.next(line)) {
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_object() || !j.contains("lang") || !j["lang"].is_string()) continue;
      std::string text;
      for (const char* key : {"title", "summary", "body"}) {
        if (j.contains(key) && j[key].is_string()) text += j[key].get<std::string>() + "\n";
      }
      if (text.size() < 40) continue;  // too little to judge
      ++seen;
      agree += detect_language(text) == j["lang"].get<std::string>();
    }
    ::close(fd);
    EXPECT_GE(agree, seen * 995 / 1000) << name << ": " << agree << " of " << seen;
    checked += seen;
  }
  if (checked == 0) GTEST_SKIP() << "no data in " << CORPUS_DATA_DIR;
  RecordProperty("articles_checked", checked);
}

}  // namespace
}  // namespace corpus
