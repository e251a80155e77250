// Overlapping articles: exact copies, near-duplicates, excerpts (one contained in another) and
// shared passages. An article's text (lead and body) becomes a stream of word hashes, folded
// (case, marks, `đ`), punctuation gone; winnowed hashes of its word 5-grams are its
// fingerprints. Articles that share fingerprints are compared word by word: the shared
// passages, with character offsets in each text, say how much of each side is copied.
// See ../shared/docs/dedupe.md for why sketches of whole documents do not find excerpts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "corpus/normalize.h"
#include "corpus/store.h"
#include "corpus/tokenizer.h"

namespace corpus {

// In the order results are listed: the closest copies first.
enum class Relation : std::uint8_t { exact, near_duplicate, contained, partial };
std::string_view to_string(Relation r);
std::optional<Relation> relation_from_string(std::string_view s);

struct DedupeOptions {
  std::size_t shingle = 5;  // words in a fingerprinted n-gram
  std::size_t window = 8;   // winnowing window: any shared run of shingle + window - 1 words
                            // shares a fingerprint
  std::size_t min_shared_fingerprints = 3;  // to become a candidate pair
  std::size_t max_postings = 100;  // a fingerprint in more articles than this is boilerplate
  std::size_t gap = 4;             // words of difference bridged inside one passage
  std::size_t min_passage = 10;    // words: shorter common runs are not passages
  std::size_t min_partial = 20;    // words: a `partial` pair shares a run this long, word
                                   // for word (formulaic phrases bridged together do not count)
  double near = 0.9;               // coverage of both sides for `near_duplicate`
  double contained = 0.9;          // coverage of the excerpt for `contained`
};

// An article's text as dedupe compares it.
struct DedupeDoc {
  std::vector<std::uint64_t> words;          // hash of each word's folded form
  std::vector<std::uint32_t> begin, end;     // each word's offsets in the text, in characters
  std::uint64_t exact = 0;                   // hash of the whole word stream (0: no words)
  std::vector<std::uint32_t> fingerprints;   // winnowed 5-gram hashes, sorted, unique
  // For comparisons: the hash of the n-gram at each word, and (hash, position) sorted.
  std::vector<std::uint64_t> grams;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> gram_index;
};

// The text dedupe reads of an article: its paragraphs in their original order, the lead where
// it stood (`lead_position`, Article::lead_position; -1: first), blank lines between. No
// title: copies change headlines. Passage offsets are characters into this text.
std::string dedupe_text(std::string_view lead, std::string_view body, int lead_position = -1);

// `comparable`: with the n-gram index compare() needs; without it, only what is stored (the
// word count, the exact hash, the fingerprints).
// Characters [begin, end) of a UTF-8 text (passage offsets are characters, not bytes).
std::string_view slice_chars(std::string_view text, std::uint32_t begin, std::uint32_t end);

DedupeDoc make_dedupe_doc(std::string_view text, Normalizer& norm, const DedupeOptions& options = {},
                          bool comparable = true);

struct Passage {
  std::uint32_t a_begin = 0, a_end = 0;  // characters in a's text
  std::uint32_t b_begin = 0, b_end = 0;  // characters in b's text
  // Words the passage spans in the article compared first (the sides differ by what a copy
  // dropped or added). Deduper compares a pair in an order their words decide, not their ids.
  std::uint32_t words = 0;
};

struct Overlap {
  Relation relation = Relation::partial;
  bool swapped = false;  // `contained`: b is the excerpt (callers put the excerpt first)
  double coverage_a = 0, coverage_b = 0;  // share of each side's words inside passages
  std::uint32_t shared_words = 0;         // words equal in both, inside passages
  std::vector<Passage> passages;          // in a's order
  // The same overlap seen from b: coverages and passage sides exchanged (callers put the
  // excerpt of a `contained` pair first with it).
  void swap_sides();
};

// How two articles overlap, or nullopt when they share no passage worth reporting.
std::optional<Overlap> compare(const DedupeDoc& a, const DedupeDoc& b, const DedupeOptions& options = {});

// One stored pair, as the CLI shows it.
struct PairRow {
  std::string a, b;  // article uids; for `contained`, `a` is the excerpt
  Relation relation = Relation::partial;
  double coverage_a = 0, coverage_b = 0;
  std::int64_t shared_words = 0;
  std::vector<Passage> passages;
};

// Groups of copies: articles joined by stored exact or near-duplicate pairs, transitively.
// Each article of a group maps to the group's smallest id; articles in no such pair are absent.
std::unordered_map<std::int64_t, std::int64_t> copy_groups(Store& store);

struct DedupeCounts {
  std::int64_t checked = 0;       // articles compared with the others for the first time
  std::int64_t fingerprinted = 0; // of those, fingerprinted now rather than at ingest
  std::int64_t candidates = 0;    // pairs compared word by word
  std::int64_t pairs = 0;         // pairs found in this run
};

// What dedupe keeps of an article: its word count, exact hash and fingerprints. Made on any
// thread (ingest's reader), from the text dedupe_text() gives.
struct Fingerprints {
  std::uint64_t exact = 0;  // 0: no words
  std::uint32_t words = 0;
  std::vector<std::uint32_t> hashes;  // sorted, unique
};
Fingerprints fingerprint(std::string_view text, Normalizer& norm, const DedupeOptions& options = {});
// The same from the tokens ingest prepared for the lead and the body (Article::body_text()),
// without normalising a word again.
Fingerprints fingerprint(const PreparedText& lead, const PreparedText& body, std::string_view body_text,
                         int lead_position, const DedupeOptions& options = {});

// Stores articles' fingerprints: ingest's writer for each article it adds or changes, and
// Deduper for articles stored without them. Fingerprints made under other text rules or
// n-gram sizes are dropped first, with every pair found from them.
class FingerprintStore {
 public:
  explicit FingerprintStore(Store& store, const DedupeOptions& options = {});
  // `replaces`: the article may have fingerprints already (an update): they and its pairs go.
  void save(std::int64_t article_id, std::string_view content_hash, const Fingerprints& f, bool replaces);
  // Drops what other rules made (once per FingerprintStore; save() does it first).
  void make_current();

 private:
  Store& store_;
  std::string key_;
  bool current_ = false;
};

// Dedupe state in the store: each article's fingerprints (made at ingest) and the pairs.
// update() compares only the articles not checked yet: its work follows the number of new
// articles, plus one read of the stored fingerprints (a few hundred bytes an article).
class Deduper {
 public:
  Deduper(Store& store, DedupeOptions options = {});
  // Whether update() has run on this database: from then on, ingest keeps the pairs current.
  static bool has_run(Store& store);
  // What is wrong with the dedupe tables, a line each (empty: nothing): fingerprints that are
  // not sorted 32-bit hashes, pairs of an article with itself or with coverages outside 0..1
  // or an unknown relation. For `corpus check`.
  static std::vector<std::string> check(Store& store);
  // Brings the stored pairs up to date, in one transaction: fingerprints the articles stored
  // without them, then checks each article not checked yet against the others. Pairs made
  // under other thresholds are dropped and made again.
  DedupeCounts update();
  // Whether update() would find nothing to do: every article fingerprinted under these rules
  // and checked under these thresholds.
  bool up_to_date();
  // Every fingerprint made again from the stored text and, once update() has run on the
  // database, every pair: for `corpus reindex`. One transaction.
  DedupeCounts rebuild();
  // The thresholds the stored pairs were made under; none before the first update(). Ingest
  // and reindex keep them, so that pairs found under `--near 0.95` stay so.
  static std::optional<DedupeOptions> stored_options(Store& store);
  // Stored pairs, every one or those of one article (uid); exact first, then by coverage.
  std::vector<PairRow> pairs(std::optional<std::string> article = std::nullopt);
  // The groups of copies as article uids, the canonical one first (the earliest, then the
  // longest), largest groups first.
  std::vector<std::vector<std::string>> clusters();

 private:
  // Within the caller's transaction; without `compare_articles`, only the fingerprints.
  DedupeCounts update_now(bool compare_articles);

  Store& store_;
  DedupeOptions options_;
  Normalizer norm_;
};

}  // namespace corpus
