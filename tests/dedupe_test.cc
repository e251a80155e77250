#include "corpus/dedupe.h"

#include <gtest/gtest.h>

#include <random>

#include "corpus/ingest.h"
#include "corpus/parse.h"
#include "test_util.h"

namespace corpus {
namespace {

// The characters [b, e) of a UTF-8 text.
std::string chars(std::string_view s, std::uint32_t b, std::uint32_t e) {
  std::size_t at = 0, from = std::string::npos;
  std::uint32_t c = 0;
  for (; at < s.size(); ++at) {
    if ((static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) continue;
    if (c == b) from = at;
    if (c == e) break;
    ++c;
  }
  return std::string(s.substr(from, at - from));
}

struct Seed {
  std::string text;
  DedupeDoc doc;
};

class DedupeTest : public ::testing::Test {
 protected:
  Seed seed(std::string_view id) {
    const std::string path = test::seed_path(id);
    const ParseResult r = parse_article_file(test::read_file(path), path);
    EXPECT_TRUE(r.ok());
    Seed s;
    s.text = dedupe_text(r.article->lead.text, r.article->body_text(), r.article->lead_position);
    s.doc = make_dedupe_doc(s.text, norm);
    return s;
  }
  DedupeDoc doc(std::string_view text) { return make_dedupe_doc(text, norm); }
  Normalizer norm;
};

TEST_F(DedupeTest, TheExcerptSeedIsContainedInTheFullArticle) {
  const Seed full = seed("000"), excerpt = seed("001");
  const auto o = compare(excerpt.doc, full.doc);
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->relation, Relation::contained);
  EXPECT_FALSE(o->swapped);  // the first side is the excerpt
  EXPECT_GE(o->coverage_a, 0.9);
  EXPECT_LT(o->coverage_b, 0.5);
  // Seen from the other side, the same pair with the direction flipped.
  const auto back = compare(full.doc, excerpt.doc);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->relation, Relation::contained);
  EXPECT_TRUE(back->swapped);
}

TEST_F(DedupeTest, TheOtherOutletsWriteUpSharesPassagesThatAreTheSameSentences) {
  const Seed full = seed("000"), other = seed("004");
  const auto o = compare(other.doc, full.doc);
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->relation, Relation::partial);
  ASSERT_FALSE(o->passages.empty());
  // The passages are the sentences both outlets took from one press release, among them the
  // signing (`Naghiyev` in one, `Nagiyev` in the other: bridged inside one passage).
  const std::string signing = "đã ký Thỏa thuận hợp tác trong lĩnh vực an ninh giữa Bộ Công an Việt Nam";
  bool signing_found = false;
  for (const Passage& p : o->passages) {
    const std::string a = chars(other.text, p.a_begin, p.a_end), b = chars(full.text, p.b_begin, p.b_end);
    signing_found = signing_found || (a.find(signing) != std::string::npos && b.find(signing) != std::string::npos);
    // Mostly the same words on both sides, and whole words at both ends.
    const auto wa = make_dedupe_doc(a, norm).words, wb = make_dedupe_doc(b, norm).words;
    EXPECT_EQ(wa.front(), wb.front()) << a << "\n" << b;
    EXPECT_EQ(wa.back(), wb.back()) << a << "\n" << b;
    EXPECT_GE(p.words, 10u);
  }
  EXPECT_TRUE(signing_found);
  EXPECT_GT(o->shared_words, 100u);
  EXPECT_LT(o->coverage_a, 0.5);
  EXPECT_LT(o->coverage_b, 0.2);
}

TEST_F(DedupeTest, TheExcerptAndTheOtherWriteUpAreNotRelated) {
  EXPECT_FALSE(compare(seed("001").doc, seed("004").doc).has_value());
}

TEST_F(DedupeTest, TheTextKeepsTheParagraphsInTheirOriginalOrder) {
  // A photo caption before the lead stays before it: two copies whose parser chose different
  // leads still read the same.
  EXPECT_EQ(dedupe_text("Lead.", "Caption.\n\nBody one.\n\nBody two.", 1), "Caption.\n\nLead.\n\nBody one.\n\nBody two.");
  EXPECT_EQ(dedupe_text("Lead.", "Body one.", -1), "Lead.\n\nBody one.");
  EXPECT_EQ(dedupe_text("Lead.", "Body one.", 5), "Body one.\n\nLead.");
  EXPECT_EQ(dedupe_text("", "Body one.", 0), "Body one.");
}

TEST_F(DedupeTest, ExactIgnoresCaseMarksFormAndPunctuation) {
  const std::string text = "Thủ tướng Phạm Minh Chính tiếp Đại sứ Nhật Bản tại Hà Nội, chiều 26/10.";
  const auto o = compare(doc(text), doc("THỦ TƯỚNG phạm minh chính tiếp đại sứ Nhật Bản tại Hà Nội chiều 26 10"));
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->relation, Relation::exact);
  EXPECT_EQ(compare(doc(text), doc(test::to_nfd(text)))->relation, Relation::exact);
  EXPECT_EQ(compare(doc(text), doc("Thu tuong Pham Minh Chinh tiep Dai su Nhat Ban tai Ha Noi chieu 26 10"))->relation,
            Relation::exact);
}

// Deterministic filler text: `n` words drawn from a vocabulary.
std::string words(std::size_t n, unsigned seed) {
  static const char* vocab[] = {"kinh", "tế", "hợp", "tác", "phát", "triển", "quốc", "hội", "chính", "phủ",
                                "dự", "án", "người", "dân", "thành", "phố", "năm", "nay", "tăng", "giảm",
                                "thị", "trường", "giá", "xăng", "điện", "nước", "học", "sinh", "bệnh", "viện"};
  std::mt19937 rng(seed);
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) out += i % 15 == 0 ? ". " : " ";
    out += vocab[rng() % std::size(vocab)];
  }
  return out;
}

TEST_F(DedupeTest, AnEditedCopyIsANearDuplicate) {
  const std::string original = words(300, 1);
  std::string edited = original;
  edited.replace(edited.find(' ', 400), 1, " mới ");  // one word inserted
  edited += " Cập nhật lúc 10 giờ.";
  const auto o = compare(doc(original), doc(edited));
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->relation, Relation::near_duplicate);
  EXPECT_GE(o->coverage_a, 0.95);
  EXPECT_EQ(o->passages.size(), 1u);  // the insertion is bridged
}

TEST_F(DedupeTest, ADroppedRepeatedWordLosesOneWordNotARun) {
  // `ông ông` became `ông`: the run before and the run after both claim the one `ông` of the
  // copy; the shorter keeps what is left of it instead of being dropped whole.
  const std::string p = words(30, 11), q = words(60, 12);
  const auto o = compare(doc(p + " ông ông " + q), doc(p + " ông " + q));
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->relation, Relation::near_duplicate);
  EXPECT_GE(o->coverage_a, 0.98);
  EXPECT_GE(o->coverage_b, 0.98);
}

TEST_F(DedupeTest, ASplicedPassageIsPartialWithItsOffsetsInCharacters) {
  const std::string shared = "Bộ trưởng Bộ Công an Lương Tam Quang chào mừng ngài Ali Nagiyev cùng Đoàn đại biểu cấp cao";
  const std::string a = words(200, 2) + ". " + shared + ". " + words(200, 3);
  const std::string b = words(150, 4) + ". " + shared + ". " + words(100, 5);
  const auto o = compare(doc(a), doc(b));
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->relation, Relation::partial);
  ASSERT_EQ(o->passages.size(), 1u);
  EXPECT_EQ(chars(a, o->passages[0].a_begin, o->passages[0].a_end), shared);
  EXPECT_EQ(chars(b, o->passages[0].b_begin, o->passages[0].b_end), shared);
  EXPECT_EQ(o->shared_words, 19u);
}

TEST_F(DedupeTest, DifferentTextsSharingOnlyCommonPhrasesAreUnrelated) {
  // Same vocabulary, no run of ten words in common.
  EXPECT_FALSE(compare(doc(words(300, 6)), doc(words(300, 7))).has_value());
  EXPECT_FALSE(compare(doc(""), doc(words(10, 1))).has_value());
}

TEST_F(DedupeTest, AnySharedRunOfTwelveWordsSharesAFingerprint) {
  for (unsigned seed = 10; seed < 60; ++seed) {
    const std::string run = words(12, seed);
    const DedupeDoc a = doc(words(80, seed + 100) + ". " + run + ". " + words(80, seed + 200));
    const DedupeDoc b = doc(words(50, seed + 300) + ". " + run + ". " + words(90, seed + 400));
    std::vector<std::uint32_t> both;
    std::set_intersection(a.fingerprints.begin(), a.fingerprints.end(), b.fingerprints.begin(),
                          b.fingerprints.end(), std::back_inserter(both));
    EXPECT_FALSE(both.empty()) << "seed " << seed;
  }
}

TEST_F(DedupeTest, FingerprintsAreAFractionOfTheWords) {
  const DedupeDoc d = doc(words(1000, 8));
  EXPECT_GT(d.fingerprints.size(), 100u);
  EXPECT_LT(d.fingerprints.size(), 400u);  // about 2 / (window + 1) of the 5-grams
  EXPECT_TRUE(std::is_sorted(d.fingerprints.begin(), d.fingerprints.end()));
}

// ---- stored, incremental -------------------------------------------------------------------

class DeduperTest : public ::testing::Test {
 protected:
  void add(const std::string& name, const std::string& lead, const std::string& body) {
    test::write_file(dir.file(name), " date 2025-10-26 " + name + "\n\n" + lead + "\n\n" + body + "\n");
    Ingester in(*store, {}, [](const Rejection& r) { ADD_FAILURE() << to_string(r); });
    in.add_path(dir.file(name));
    in.finish();
  }
  std::vector<std::string> rows() {
    std::vector<std::string> out;
    for (const PairRow& p : Deduper(*store).pairs()) out.push_back(std::string(to_string(p.relation)) + " " + p.a + " " + p.b);
    std::sort(out.begin(), out.end());
    return out;
  }
  test::TempDir dir;
  std::unique_ptr<Store> store = Store::open(dir.file("c.db"), true);
};

TEST_F(DeduperTest, ASecondRunReadsOnlyWhatIsNewOrChanged) {
  const std::string story = words(200, 21), other = words(200, 22);
  add("a", story, other);
  add("b", words(300, 25), story);  // a's lead inside other text
  add("c", words(150, 23), words(150, 24));
  DedupeCounts first = Deduper(*store).update();
  EXPECT_EQ(first.read, 3);
  EXPECT_EQ(rows(), (std::vector<std::string>{"partial a b"}));

  DedupeCounts again = Deduper(*store).update();
  EXPECT_EQ(again.read, 0);  // answered from the store
  EXPECT_EQ(again.candidates, 0);
  EXPECT_EQ(rows(), (std::vector<std::string>{"partial a b"}));

  add("d", story, other);  // a copy of a
  const DedupeCounts more = Deduper(*store).update();
  EXPECT_EQ(more.read, 1);
  EXPECT_EQ(rows(), (std::vector<std::string>{"exact a d", "partial a b", "partial b d"}));

  add("c", story, other + " Thêm một câu.");  // c edited into a near copy of a
  EXPECT_EQ(Deduper(*store).update().read, 1);
  EXPECT_EQ(rows(), (std::vector<std::string>{"exact a d", "near_duplicate a c", "near_duplicate c d", "partial a b",
                                              "partial b c", "partial b d"}));
}

TEST_F(DeduperTest, OtherThresholdsMakeTheResultsAgain) {
  add("a", words(100, 31), words(100, 32));
  add("b", words(100, 31), words(100, 33));  // the lead in common: half of each
  Deduper(*store).update();
  EXPECT_EQ(rows(), (std::vector<std::string>{"partial a b"}));
  DedupeOptions lenient;
  lenient.near = 0.4;
  Deduper(*store, lenient).update();
  EXPECT_EQ(Deduper(*store, lenient).pairs().size(), 1u);
  EXPECT_EQ(Deduper(*store, lenient).pairs()[0].relation, Relation::near_duplicate);
}

TEST_F(DeduperTest, ADeletedArticleTakesItsPairsWithIt) {
  const std::string story = words(200, 41);
  add("a", story, words(50, 42));
  add("b", story, words(50, 43));
  Deduper(*store).update();
  ASSERT_EQ(rows().size(), 1u);
  store->begin();
  store->delete_article(store->find_article_by_uid("b")->id);
  store->commit();
  EXPECT_TRUE(rows().empty());
  EXPECT_EQ(Deduper(*store).update().pairs, 0);
  // Its postings went with it: none left without the article they name.
  Statement orphans = store->prepare(
      "SELECT count(*) FROM dedupe_postings WHERE article_id NOT IN (SELECT article_id FROM dedupe_docs)");
  ASSERT_TRUE(orphans.step());
  EXPECT_EQ(orphans.integer(0), 0);
  Statement left = store->prepare("SELECT count(*) FROM dedupe_postings");
  ASSERT_TRUE(left.step());
  EXPECT_GT(left.integer(0), 0);  // a's
}

}  // namespace
}  // namespace corpus
