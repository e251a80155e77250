#include "corpus/dedupe.h"

#include <fmt/format.h>
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

TEST_F(DedupeTest, ExactIgnoresTheTwoSpellingsOfALoneIOrY) {
  // A real copy (bench/data/dedupe_real_pairs.tsv) spelt `tỉ` where its source has `tỷ`.
  const auto o = compare(doc("Thu giữ hơn 10 tỉ đồng và 7 chiếc xe, trong đó có 1 siêu xe trị giá 25 tỉ đồng; "
                             "kĩ thuật viên Lí Văn Quí khai nhận."),
                         doc("Thu giữ hơn 10 tỷ đồng và 7 chiếc xe, trong đó có 1 siêu xe trị giá 25 tỷ đồng; "
                             "kỹ thuật viên Lý Văn Quý khai nhận."));
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->relation, Relation::exact);
  // `tay` (hand) and `tai` (ear) are two words.
  const auto hand = compare(doc("Anh ấy bị thương ở tay trái trong trận đấu tối qua tại sân Mỹ Đình."),
                            doc("Anh ấy bị thương ở tai trái trong trận đấu tối qua tại sân Mỹ Đình."));
  EXPECT_TRUE(!hand.has_value() || hand->relation != Relation::exact);
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
  const std::string shared =
      "Bộ trưởng Bộ Công an Lương Tam Quang chào mừng ngài Ali Nagiyev cùng Đoàn đại biểu cấp cao Bộ Nội vụ "
      "Azerbaijan";
  const std::string a = words(200, 2) + ". " + shared + ". " + words(200, 3);
  const std::string b = words(150, 4) + ". " + shared + ". " + words(100, 5);
  const auto o = compare(doc(a), doc(b));
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->relation, Relation::partial);
  ASSERT_EQ(o->passages.size(), 1u);
  EXPECT_EQ(chars(a, o->passages[0].a_begin, o->passages[0].a_end), shared);
  EXPECT_EQ(chars(b, o->passages[0].b_begin, o->passages[0].b_end), shared);
  EXPECT_EQ(o->shared_words, 23u);
}

TEST_F(DedupeTest, AStockPhraseShorterThanTheMinimumRunMakesNoPair) {
  // Real pairs that share only an organisation's full name or a bulletin's wording (12-19
  // words; bench/data/dedupe_real_pairs.tsv) are unrelated to a reader: a partial pair needs
  // a run of 20 identical words by default.
  const std::string phrase = "Chủ nhiệm Uỷ ban Văn hoá, giáo dục, thanh niên, thiếu niên và nhi đồng của Quốc hội";
  const std::string a = words(200, 8) + ". " + phrase + ". " + words(200, 9);
  const std::string b = words(150, 10) + ". " + phrase + ". " + words(100, 11);
  EXPECT_FALSE(compare(doc(a), doc(b)).has_value());
  DedupeOptions lenient;
  lenient.min_partial = 12;
  const auto o = compare(doc(a), doc(b), lenient);
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->relation, Relation::partial);
  EXPECT_EQ(o->shared_words, 18u);
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

TEST_F(DedupeTest, PreparedTokensFingerprintAsTheTextDoes) {
  // Ingest fingerprints from the tokens it prepared; dedupe, from the stored text. Both must
  // see the same words: Vietnamese in either tone style and NFD, English (stems), other
  // scripts, punctuation, and the lead before, among and after the body's paragraphs.
  const std::string lead = "Thủ tướng phát biểu tại Hà Nội, hôm 26/10: \"Hoà bình\" và hợp tác.";
  const std::string body = "The Prime Minister's speech was widely reported; officials agreed.\n\n"
                           "Ngoại trưởng Nga Sergei Lavrov tới Đà Nẵng. \xCC\x81Khoẻ không? 北京 và Tokyo.\n\n" +
                           words(60, 71);
  for (int position : {-1, 0, 1, 2, 3, 9}) {
    const Fingerprints from_text = fingerprint(dedupe_text(lead, body, position), norm);
    const Fingerprints from_tokens =
        fingerprint(prepare_document(norm, lead), prepare_document(norm, body), body, position);
    EXPECT_EQ(from_tokens.words, from_text.words) << position;
    EXPECT_EQ(from_tokens.exact, from_text.exact) << position;
    EXPECT_EQ(from_tokens.hashes, from_text.hashes) << position;
  }
  const Fingerprints no_lead = fingerprint(prepare_document(norm, ""), prepare_document(norm, body), body, 1);
  EXPECT_EQ(no_lead.hashes, fingerprint(body, norm).hashes);
  EXPECT_GT(no_lead.words, 60u);
}

// ---- stored, incremental -------------------------------------------------------------------

class DeduperTest : public ::testing::Test {
 protected:
  void add(const std::string& name, const std::string& lead, const std::string& body, bool fingerprints = true) {
    test::write_file(dir.file(name), " date 2025-10-26 " + name + "\n\n" + lead + "\n\n" + body + "\n");
    IngestOptions options;
    options.fingerprints = fingerprints;
    Ingester in(*store, options, [](const Rejection& r) { ADD_FAILURE() << to_string(r); });
    in.add_path(dir.file(name));
    in.finish();
  }
  std::int64_t count(const char* sql) {
    Statement s = store->prepare(sql);
    EXPECT_TRUE(s.step());
    return s.integer(0);
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

TEST_F(DeduperTest, IngestFingerprintsEachArticleForTheNextRunToCheck) {
  add("a", words(200, 11), words(200, 12));
  EXPECT_EQ(count("SELECT count(*) FROM dedupe_docs WHERE checked = 0"), 1);
  EXPECT_GT(count("SELECT length(fingerprints) / 4 FROM dedupe_docs"), 10);
  EXPECT_EQ(count("SELECT words FROM dedupe_docs"), 400);
  const DedupeCounts c = Deduper(*store).update();
  EXPECT_EQ(c.checked, 1);
  EXPECT_EQ(c.fingerprinted, 0);  // nothing left for dedupe to fingerprint
  EXPECT_EQ(count("SELECT count(*) FROM dedupe_docs WHERE checked = 0"), 0);
}

// `corpus check`: what ingest and dedupe write passes; fingerprints out of order and a pair
// with an impossible coverage are each reported.
TEST_F(DeduperTest, CheckFindsMalformedFingerprintsAndPairs) {
  const std::string story = words(200, 31);
  add("a", story, words(100, 32));
  add("b", words(100, 33), story);
  Deduper(*store).update();
  EXPECT_TRUE(Deduper::check(*store).empty()) << ::testing::PrintToString(Deduper::check(*store));
  store->exec("UPDATE dedupe_docs SET fingerprints = x'0200000001000000' WHERE article_id = 1");
  store->exec("UPDATE dedupe_pairs SET coverage_a = 0.5, coverage_b = 1.5");
  EXPECT_EQ(Deduper::check(*store),
            (std::vector<std::string>{"article 'a': its fingerprints are not sorted 32-bit hashes",
                                      "dedupe pair 'a' and 'b': partial with coverages 0.5 / 1.5"}));
}

TEST_F(DeduperTest, ArticlesIngestedWithoutFingerprintsAreFingerprintedByDedupe) {
  const std::string story = words(200, 13);
  add("a", story, words(100, 14), /*fingerprints=*/false);
  add("b", words(100, 15), story, /*fingerprints=*/false);
  EXPECT_EQ(count("SELECT count(*) FROM dedupe_docs"), 0);
  const DedupeCounts c = Deduper(*store).update();
  EXPECT_EQ(c.fingerprinted, 2);
  EXPECT_EQ(c.checked, 2);
  EXPECT_EQ(rows(), (std::vector<std::string>{"partial a b"}));
}

TEST_F(DeduperTest, ASecondRunChecksOnlyWhatIsNewOrChanged) {
  const std::string story = words(200, 21), other = words(200, 22);
  add("a", story, other);
  add("b", words(300, 25), story);  // a's lead inside other text
  add("c", words(150, 23), words(150, 24));
  DedupeCounts first = Deduper(*store).update();
  EXPECT_EQ(first.checked, 3);
  EXPECT_EQ(rows(), (std::vector<std::string>{"partial a b"}));

  DedupeCounts again = Deduper(*store).update();
  EXPECT_EQ(again.checked, 0);  // answered from the store
  EXPECT_EQ(again.candidates, 0);
  EXPECT_EQ(rows(), (std::vector<std::string>{"partial a b"}));

  add("d", story, other);  // a copy of a
  const DedupeCounts more = Deduper(*store).update();
  EXPECT_EQ(more.checked, 1);
  EXPECT_EQ(rows(), (std::vector<std::string>{"exact a d", "partial a b", "partial b d"}));

  add("c", story, other + " Thêm một câu.");  // c edited into a near copy of a
  EXPECT_EQ(Deduper(*store).update().checked, 1);
  EXPECT_EQ(rows(), (std::vector<std::string>{"exact a d", "near_duplicate a c", "near_duplicate c d", "partial a b",
                                              "partial b c", "partial b d"}));

  add("c", words(150, 26), words(150, 27));  // and into something else: its pairs go at ingest
  EXPECT_EQ(rows(), (std::vector<std::string>{"exact a d", "partial a b", "partial b d"}));
  EXPECT_EQ(Deduper(*store).update().pairs, 0);
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

// Ingest and reindex keep the thresholds the pairs were made under (read back from the store).
TEST_F(DeduperTest, TheStoredThresholdsReadBackAsTheyWereGiven) {
  EXPECT_FALSE(Deduper::stored_options(*store));
  add("a", words(100, 31), words(100, 32));
  DedupeOptions o;
  o.near = 0.4;
  o.contained = 0.85;
  o.min_partial = 25;
  o.max_postings = 7;
  Deduper(*store, o).update();
  const auto back = Deduper::stored_options(*store);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->near, 0.4);
  EXPECT_EQ(back->contained, 0.85);
  EXPECT_EQ(back->min_partial, 25u);
  EXPECT_EQ(back->max_postings, 7u);
  EXPECT_EQ(back->gap, DedupeOptions{}.gap);
}

// `corpus reindex --fingerprints`: fingerprints and pairs lost or damaged come back as the
// first run made them; before any dedupe run, only the fingerprints.
TEST_F(DeduperTest, RebuildMakesFingerprintsAndPairsAgain) {
  const std::string story = words(200, 51);
  add("a", story, words(100, 52));
  add("b", words(100, 53), story);
  add("c", words(120, 54), words(80, 55));
  const std::int64_t fps = count("SELECT sum(length(fingerprints)) FROM dedupe_docs");
  EXPECT_EQ(Deduper(*store).rebuild().pairs, 0);  // no dedupe run yet: nothing compared
  EXPECT_FALSE(Deduper::has_run(*store));
  EXPECT_EQ(count("SELECT sum(length(fingerprints)) FROM dedupe_docs"), fps);
  EXPECT_EQ(count("SELECT count(*) FROM dedupe_docs WHERE checked = 0"), 3);

  Deduper(*store).update();
  EXPECT_EQ(rows(), (std::vector<std::string>{"partial a b"}));
  store->exec("DELETE FROM dedupe_pairs");
  store->exec("UPDATE dedupe_docs SET fingerprints = x'0200000001000000' WHERE article_id = 1");
  store->exec("DELETE FROM dedupe_docs WHERE article_id = 3");
  const DedupeCounts c = Deduper(*store).rebuild();
  EXPECT_EQ(c.fingerprinted, 3);
  EXPECT_EQ(c.checked, 3);
  EXPECT_EQ(rows(), (std::vector<std::string>{"partial a b"}));
  EXPECT_EQ(count("SELECT sum(length(fingerprints)) FROM dedupe_docs"), fps);
  EXPECT_EQ(count("SELECT count(*) FROM dedupe_docs WHERE checked = 0"), 0);
  EXPECT_TRUE(Deduper::check(*store).empty());
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
  // A new copy meets only a.
  add("c", story, words(50, 44));
  EXPECT_EQ(Deduper(*store).update().pairs, 1);
  EXPECT_EQ(rows(), (std::vector<std::string>{"partial a c"}));
}

TEST_F(DeduperTest, AFingerprintInMoreArticlesThanTheLimitIsBoilerplate) {
  // Every article opens with the same 40 words, then text of its own: checked in one run or
  // one at a time against the stored ones, the common opening makes no pair.
  const std::string opening = words(40, 51);
  DedupeOptions options;
  options.max_postings = 5;
  for (int i = 0; i < 4; ++i) add(fmt::format("a{}", i), opening, words(300, 60 + i));
  Deduper(*store, options).update();
  EXPECT_EQ(rows().size(), 6u);  // four articles: each pair shares the opening
  for (int i = 4; i < 8; ++i) add(fmt::format("a{}", i), opening, words(300, 60 + i));
  const DedupeCounts more = Deduper(*store, options).update();
  EXPECT_EQ(more.checked, 4);
  EXPECT_EQ(more.pairs, 0);  // eight now: the opening is boilerplate
  EXPECT_EQ(rows().size(), 6u);
}

}  // namespace
}  // namespace corpus
