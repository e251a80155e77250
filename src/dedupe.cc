#include "corpus/dedupe.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xxhash.h>

#include "corpus/text.h"

namespace corpus {
namespace {

// The hash of words [i, i + k): the word hashes are XXH3's already, so a multiply-and-add
// chain with a final mix (MurmurHash3's) is enough, at a fraction of hashing the bytes again.
std::uint64_t gram_hash(const std::vector<std::uint64_t>& words, std::size_t i, std::size_t k) {
  std::uint64_t h = 0;
  for (std::size_t j = i; j < i + k; ++j) h = (h ^ words[j]) * 0x9E3779B97F4A7C15ull;
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  return h ^ (h >> 33);
}

struct Run {
  std::size_t i, j, len;  // a's words [i, i + len) equal b's [j, j + len)
};

// Where dedupe_text puts the lead in the body: before paragraph `lead_position`; npos: last.
std::size_t lead_offset(std::string_view body, int lead_position) {
  std::size_t at = 0;
  for (int p = 0; p < lead_position && at != std::string_view::npos; ++p) {
    at = body.find("\n\n", at);
    if (at != std::string_view::npos) at += 2;
  }
  return at;
}

// Winnowing (Schleimer, Wilkerson and Aiken 2003): the smallest gram hash of every window
// of `window` grams, so two texts sharing a run of shingle + window - 1 words share one.
// Sorted, unique.
std::vector<std::uint32_t> winnow(const std::vector<std::uint32_t>& grams, std::size_t window) {
  std::vector<std::uint32_t> out;
  if (grams.empty()) return out;
  const std::size_t w = std::min(window, grams.size());
  std::size_t last = grams.size();  // position of the last fingerprint taken
  for (std::size_t start = 0; start + w <= grams.size(); ++start) {
    std::size_t best = start;
    std::uint32_t value = grams[start];
    for (std::size_t p = start + 1; p < start + w; ++p) {
      // The rightmost smallest; selects, not branches (which gram wins is a coin toss).
      const bool smaller = grams[p] <= value;
      best = smaller ? p : best;
      value = smaller ? grams[p] : value;
    }
    if (best != last) {
      out.push_back(value);
      last = best;
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// A word stream's exact hash and fingerprints: what ingest stores of a document.
Fingerprints fingerprint_words(const std::vector<std::uint64_t>& words, const DedupeOptions& options) {
  Fingerprints f;
  f.words = static_cast<std::uint32_t>(words.size());
  if (words.empty()) return f;
  f.exact = XXH3_64bits(words.data(), words.size() * sizeof(std::uint64_t)) | 1;  // never 0
  if (words.size() < options.shingle) return f;
  std::vector<std::uint32_t> grams(words.size() - options.shingle + 1);  // fingerprints are 32 bits
  for (std::size_t i = 0; i < grams.size(); ++i) grams[i] = static_cast<std::uint32_t>(gram_hash(words, i, options.shingle));
  f.hashes = winnow(grams, options.window);
  return f;
}

}  // namespace

std::string_view to_string(Relation r) {
  switch (r) {
    case Relation::exact: return "exact";
    case Relation::near_duplicate: return "near_duplicate";
    case Relation::contained: return "contained";
    case Relation::partial: return "partial";
  }
  return "partial";
}

std::optional<Relation> relation_from_string(std::string_view s) {
  for (Relation r : {Relation::exact, Relation::near_duplicate, Relation::contained, Relation::partial}) {
    if (to_string(r) == s) return r;
  }
  return std::nullopt;
}

void Overlap::swap_sides() {
  std::swap(coverage_a, coverage_b);
  for (Passage& p : passages) {
    std::swap(p.a_begin, p.b_begin);
    std::swap(p.a_end, p.b_end);
  }
  swapped = !swapped;
}

std::string dedupe_text(std::string_view lead, std::string_view body, int lead_position) {
  if (lead.empty()) return std::string(body);
  if (body.empty()) return std::string(lead);
  // The body's paragraphs are joined by blank lines: the lead goes before paragraph
  // `lead_position` (after a photo caption, say), or last if there are fewer.
  const std::size_t at = lead_offset(body, lead_position);
  std::string out;
  out.reserve(lead.size() + body.size() + 4);
  if (at == std::string_view::npos) {
    out.append(body).append("\n\n").append(lead);
  } else {
    out.append(body.substr(0, at)).append(lead).append("\n\n").append(body.substr(at));
  }
  return out;
}

std::string_view slice_chars(std::string_view text, std::uint32_t begin, std::uint32_t end) {
  std::size_t from = text.size(), to = text.size();
  std::uint32_t c = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // inside a character
    if (c == begin) from = i;
    if (c == end) {
      to = i;
      break;
    }
    ++c;
  }
  return from >= to ? std::string_view() : text.substr(from, to - from);
}

DedupeDoc make_dedupe_doc(std::string_view text, Normalizer& norm, const DedupeOptions& options, bool comparable) {
  DedupeDoc d;
  std::size_t byte = 0;
  std::uint32_t chars = 0;
  auto advance = [&](std::size_t to) {  // code points between `byte` and `to`
    for (; byte < to; ++byte) chars += (static_cast<unsigned char>(text[byte]) & 0xC0) != 0x80;
  };
  text::for_each_word(text, [&](std::size_t b, std::size_t e) {
    d.words.push_back(norm.forms(text.substr(b, e - b)).folded_hash);
    if (!comparable) return;  // offsets serve only comparisons
    advance(b);
    d.begin.push_back(chars);
    advance(e);
    d.end.push_back(chars);
  });
  Fingerprints f = fingerprint_words(d.words, options);
  d.exact = f.exact;
  d.fingerprints = std::move(f.hashes);
  // Comparisons seed their runs from every n-gram, with its position.
  const std::size_t k = options.shingle;
  if (!comparable || d.words.size() < k) return d;
  d.grams.resize(d.words.size() - k + 1);
  d.gram_index.reserve(d.grams.size());
  for (std::size_t i = 0; i < d.grams.size(); ++i) {
    d.grams[i] = gram_hash(d.words, i, k);
    d.gram_index.emplace_back(d.grams[i], static_cast<std::uint32_t>(i));
  }
  std::sort(d.gram_index.begin(), d.gram_index.end());
  return d;
}

std::optional<Overlap> compare(const DedupeDoc& a, const DedupeDoc& b, const DedupeOptions& options) {
  if (a.words.empty() || b.words.empty()) return std::nullopt;
  Overlap o;
  if (a.exact == b.exact && a.words == b.words) {
    o.relation = Relation::exact;
    o.coverage_a = o.coverage_b = 1.0;
    o.shared_words = static_cast<std::uint32_t>(a.words.size());
    o.passages.push_back(Passage{a.begin.front(), a.end.back(), b.begin.front(), b.end.back(), o.shared_words});
    return o;
  }

  // Maximal common runs, seeded by equal word n-grams.
  const std::size_t k = options.shingle;
  if (a.words.size() < k || b.words.size() < k) return std::nullopt;
  // Seeds: a's n-grams looked up among b's, sorted once per document (a hash map of
  // positions built per comparison was most of its time).
  const auto& at_b = b.gram_index;
  std::vector<Run> runs;
  for (std::size_t i = 0; i < a.grams.size(); ++i) {
    const std::uint64_t h = a.grams[i];
    auto it = std::lower_bound(at_b.begin(), at_b.end(), std::pair{h, 0u});
    for (int seen = 0; it != at_b.end() && it->first == h && seen < 16; ++it, ++seen) {  // repeated phrases: 16
      const std::size_t j = it->second;
      if (i > 0 && j > 0 && a.words[i - 1] == b.words[j - 1]) continue;  // inside a run found already
      std::size_t len = 0;
      while (i + len < a.words.size() && j + len < b.words.size() && a.words[i + len] == b.words[j + len]) ++len;
      if (len >= k) runs.push_back(Run{i, j, len});
    }
  }
  if (runs.empty()) return std::nullopt;

  // Each word of either side in one run at most, longest runs first.
  std::sort(runs.begin(), runs.end(), [](const Run& x, const Run& y) { return x.len != y.len ? x.len > y.len : x.i < y.i; });
  std::vector<bool> used_a(a.words.size()), used_b(b.words.size());
  std::vector<Run> chosen;
  for (const Run& r : runs) {
    // What a longer run took already is cut out (two runs overlap by a word where one side
    // dropped a word); the free pieces long enough to be seeds are kept.
    for (std::size_t t = 0; t < r.len;) {
      while (t < r.len && (used_a[r.i + t] || used_b[r.j + t])) ++t;
      std::size_t e = t;
      while (e < r.len && !used_a[r.i + e] && !used_b[r.j + e]) ++e;
      if (e - t >= k) {
        for (std::size_t u = t; u < e; ++u) used_a[r.i + u] = used_b[r.j + u] = true;
        chosen.push_back(Run{r.i + t, r.j + t, e - t});
      }
      t = e;
    }
  }
  std::sort(chosen.begin(), chosen.end(), [](const Run& x, const Run& y) { return x.i < y.i; });

  // Runs a few words apart on both sides, in the same order, are one passage with an edit
  // in between (a changed word, an inserted clause).
  struct Span {
    std::size_t ai, ae, bi, be, matched, longest_run;
  };
  std::vector<Span> spans;
  for (const Run& r : chosen) {
    if (!spans.empty()) {
      Span& s = spans.back();
      if (r.i >= s.ae && r.j >= s.be && r.i - s.ae <= options.gap && r.j - s.be <= options.gap) {
        s.ae = r.i + r.len;
        s.be = r.j + r.len;
        s.matched += r.len;
        s.longest_run = std::max(s.longest_run, r.len);
        continue;
      }
    }
    spans.push_back(Span{r.i, r.i + r.len, r.j, r.j + r.len, r.len, r.len});
  }
  std::size_t covered_a = 0, covered_b = 0, longest = 0;
  for (const Span& s : spans) {
    if (s.matched < options.min_passage) continue;
    o.passages.push_back(Passage{a.begin[s.ai], a.end[s.ae - 1], b.begin[s.bi], b.end[s.be - 1],
                                 static_cast<std::uint32_t>(s.ae - s.ai)});
    covered_a += s.ae - s.ai;
    covered_b += s.be - s.bi;
    o.shared_words += static_cast<std::uint32_t>(s.matched);
    longest = std::max(longest, s.longest_run);
  }
  if (o.passages.empty()) return std::nullopt;
  o.coverage_a = static_cast<double>(covered_a) / static_cast<double>(a.words.size());
  o.coverage_b = static_cast<double>(covered_b) / static_cast<double>(b.words.size());
  if (o.coverage_a >= options.near && o.coverage_b >= options.near) {
    o.relation = Relation::near_duplicate;
  } else if (o.coverage_a >= options.contained || o.coverage_b >= options.contained) {
    o.relation = Relation::contained;
    o.swapped = o.coverage_a < options.contained;
  } else if (longest >= options.min_partial) {
    o.relation = Relation::partial;
  } else {
    return std::nullopt;
  }
  return o;
}

}  // namespace corpus

// ---- stored state ---------------------------------------------------------------------------

namespace corpus {
namespace {

// The thresholds the stored pairs were made under.
std::string options_key(const DedupeOptions& o) {
  return fmt::format("v2 {} {} {} {} {} {} {}", o.min_shared_fingerprints, o.max_postings, o.gap, o.min_passage,
                     o.min_partial, o.near, o.contained);
}

// What the stored fingerprints depend on: the text rules (folded forms) and the n-grams.
std::string fingerprints_key(const DedupeOptions& o) {
  return fmt::format("v4 {} {} {}", kRulesVersion, o.shingle, o.window);
}

std::string blob_of(const std::vector<std::uint32_t>& fps) {
  std::string out(fps.size() * 4, '\0');
  for (std::size_t i = 0; i < fps.size(); ++i) {
    for (int k = 0; k < 4; ++k) out[4 * i + k] = static_cast<char>((fps[i] >> (8 * k)) & 0xFF);
  }
  return out;
}

std::vector<std::uint32_t> fingerprints_of(std::string_view blob) {
  std::vector<std::uint32_t> out(blob.size() / 4);
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (int k = 0; k < 4; ++k) out[i] |= static_cast<std::uint32_t>(static_cast<unsigned char>(blob[4 * i + k])) << (8 * k);
  }
  return out;
}

std::int64_t signed_of(std::uint64_t h) { return static_cast<std::int64_t>(h); }

// Where the lead stood among the paragraphs (store.cc's layout column); -1: it came first.
constexpr std::string_view kLeadPosition = "coalesce(json_extract(a.layout, '$.lead.position'), -1)";

}  // namespace

Fingerprints fingerprint(std::string_view text, Normalizer& norm, const DedupeOptions& options) {
  DedupeDoc d = make_dedupe_doc(text, norm, options, /*comparable=*/false);
  return Fingerprints{d.exact, static_cast<std::uint32_t>(d.words.size()), std::move(d.fingerprints)};
}

Fingerprints fingerprint(const PreparedText& lead, const PreparedText& body, std::string_view body_text,
                         int lead_position, const DedupeOptions& options) {
  // Each word's hash came with its forms (TokenForms::folded_hash); the words are the
  // tokens that are not colocated, in order.
  std::vector<std::uint64_t> words;
  words.reserve(lead.word_hashes.size() + body.word_hashes.size());
  auto add = [&](const PreparedText& p, std::size_t from, std::size_t to) {
    std::size_t word = 0;
    for (const PreparedText::Entry& e : p.entries) {
      if (e.length & PreparedText::kColocated) continue;
      if (e.start >= from && e.start < to) words.push_back(p.word_hashes[word]);
      ++word;
    }
  };
  constexpr std::size_t kAll = std::numeric_limits<std::size_t>::max();
  if (lead.entries.empty() || body.entries.empty()) {
    add(lead, 0, kAll);
    add(body, 0, kAll);
  } else {
    const std::size_t at = lead_offset(body_text, lead_position);
    add(body, 0, at);
    add(lead, 0, kAll);
    if (at != std::string_view::npos) add(body, at, kAll);
  }
  return fingerprint_words(words, options);
}

FingerprintStore::FingerprintStore(Store& store, const DedupeOptions& options)
    : store_(store), key_(fingerprints_key(options)) {}

void FingerprintStore::make_current() {
  if (current_) return;
  if (store_.meta("dedupe_fingerprints") != key_) {
    store_.exec("DELETE FROM dedupe_pairs");
    store_.exec("DELETE FROM dedupe_docs");
    store_.set_meta("dedupe_fingerprints", key_);
  }
  current_ = true;
}

void FingerprintStore::save(std::int64_t article_id, std::string_view content_hash, const Fingerprints& f,
                            bool replaces) {
  make_current();
  if (replaces) {
    // What was found from the old content no longer holds.
    store_.prepare("DELETE FROM dedupe_pairs WHERE a = ?1").bind(1, article_id).run();
    store_.prepare("DELETE FROM dedupe_pairs WHERE b = ?1").bind(1, article_id).run();
  }
  Statement s = store_.prepare(
      "INSERT OR REPLACE INTO dedupe_docs(article_id, content_hash, exact, words, fingerprints, checked)"
      " VALUES (?1, ?2, ?3, ?4, ?5, 0)");
  s.bind(1, article_id).bind(2, content_hash);
  if (f.exact == 0) s.bind_null(3);
  else s.bind(3, signed_of(f.exact));
  const std::string blob = blob_of(f.hashes);
  s.bind(4, std::int64_t{f.words}).bind_blob(5, blob.data(), blob.size());
  s.run();
}

Deduper::Deduper(Store& store, DedupeOptions options) : store_(store), options_(options) {}

bool Deduper::has_run(Store& store) { return store.meta("dedupe_options").has_value(); }

std::vector<std::string> Deduper::check(Store& store) {
  std::vector<std::string> problems;
  {
    Statement s = store.prepare(
        "SELECT a.uid, d.fingerprints FROM dedupe_docs d JOIN articles a ON a.id = d.article_id ORDER BY a.id");
    while (s.step()) {
      const std::string_view blob = s.blob(1);
      const auto fps = fingerprints_of(blob);
      if (blob.size() % 4 != 0 || !std::is_sorted(fps.begin(), fps.end())) {
        problems.push_back(fmt::format("article '{}': its fingerprints are not sorted 32-bit hashes", s.text(0)));
      }
    }
  }
  Statement s = store.prepare(
      "SELECT x.uid, y.uid, p.relation, p.coverage_a, p.coverage_b FROM dedupe_pairs p"
      " JOIN articles x ON x.id = p.a JOIN articles y ON y.id = p.b"
      " WHERE p.a = p.b OR p.relation NOT IN ('exact', 'near_duplicate', 'contained', 'partial')"
      " OR NOT (p.coverage_a BETWEEN 0 AND 1) OR NOT (p.coverage_b BETWEEN 0 AND 1) ORDER BY x.uid, y.uid");
  while (s.step()) {
    problems.push_back(fmt::format("dedupe pair '{}' and '{}': {} with coverages {} / {}", s.text(0), s.text(1),
                                   s.text(2), s.real(3), s.real(4)));
  }
  return problems;
}

namespace {

// Which of two articles compare() takes first: by their words, so that the order they were
// stored in does not matter; `tie` for two with the same words.
bool compared_first(const DedupeDoc& x, const DedupeDoc& y, bool tie) {
  if (x.words.size() != y.words.size()) return x.words.size() < y.words.size();
  if (x.words != y.words) return x.words < y.words;
  return tie;
}

}  // namespace

std::optional<DedupeOptions> Deduper::stored_options(Store& store) {
  const auto key = store.meta("dedupe_options");
  if (!key) return std::nullopt;
  DedupeOptions o;
  std::istringstream in(*key);
  std::string version;
  in >> version >> o.min_shared_fingerprints >> o.max_postings >> o.gap >> o.min_passage >> o.min_partial >> o.near >>
      o.contained;
  // Written by another version of the format: the defaults, and the pairs made again.
  if (version != "v2" || !in) return DedupeOptions{};
  return o;
}

bool Deduper::up_to_date() {
  if (store_.meta("dedupe_fingerprints") != fingerprints_key(options_)) return false;
  if (store_.meta("dedupe_options") != options_key(options_)) return false;
  Statement s = store_.prepare(
      "SELECT EXISTS (SELECT 1 FROM dedupe_docs WHERE checked = 0) OR EXISTS (SELECT 1 FROM articles a"
      " LEFT JOIN dedupe_docs d ON d.article_id = a.id WHERE d.article_id IS NULL OR d.content_hash <> a.content_hash)");
  return s.step() && s.integer(0) == 0;
}

DedupeCounts Deduper::update() {
  // Nothing written when nothing is new: a read-only database answers from what is stored.
  if (up_to_date()) return {};
  Transaction t(store_);
  const DedupeCounts counts = update_now(true);
  t.commit();
  return counts;
}

DedupeCounts Deduper::rebuild() {
  Transaction t(store_);
  const bool ran = has_run(store_);
  store_.exec("DELETE FROM dedupe_pairs");
  store_.exec("DELETE FROM dedupe_docs");
  const DedupeCounts counts = update_now(ran);
  t.commit();
  return counts;
}

DedupeCounts Deduper::update_now(bool compare_articles) {
  DedupeCounts counts;
  FingerprintStore fingerprints(store_, options_);
  fingerprints.make_current();
  const std::string key = options_key(options_);
  if (compare_articles && store_.meta("dedupe_options") != key) {
    store_.exec("DELETE FROM dedupe_pairs");
    store_.exec("UPDATE dedupe_docs SET checked = 0 WHERE checked <> 0");
    store_.set_meta("dedupe_options", key);
  }

  // Articles without fingerprints (ingested with --no-fingerprints, or before they existed)
  // or changed since they were made.
  {
    struct Missing {
      std::int64_t id;
      bool replaces;
      std::string content_hash;
      Fingerprints f;
    };
    std::vector<Missing> missing;
    const std::string sql = "SELECT a.id, d.article_id IS NOT NULL, a.content_hash, a.lead, a.body, " +
                            std::string(kLeadPosition) +
                            " FROM articles a LEFT JOIN dedupe_docs d ON d.article_id = a.id"
                            " WHERE d.article_id IS NULL OR d.content_hash <> a.content_hash ORDER BY a.id";
    Statement s = store_.prepare(sql.c_str());
    while (s.step()) {
      missing.push_back(Missing{s.integer(0), s.integer(1) != 0, s.text(2),
                                fingerprint(dedupe_text(s.text(3), s.text(4), static_cast<int>(s.integer(5))), norm_,
                                            options_)});
    }
    for (const Missing& m : missing) fingerprints.save(m.id, m.content_hash, m.f, m.replaces);
    counts.fingerprinted = static_cast<std::int64_t>(missing.size());
  }
  if (!compare_articles) return counts;

  // The articles not checked yet, in the order they were stored.
  struct New {
    std::int64_t id;
    std::uint64_t exact;
    std::vector<std::uint32_t> fingerprints;
  };
  std::vector<New> news;
  {
    Statement s = store_.prepare(
        "SELECT article_id, coalesce(exact, 0), fingerprints FROM dedupe_docs WHERE checked = 0 ORDER BY article_id");
    while (s.step()) {
      news.push_back(New{s.integer(0), static_cast<std::uint64_t>(s.integer(1)), fingerprints_of(s.blob(2))});
    }
  }
  counts.checked = static_cast<std::int64_t>(news.size());

  // The new articles' postings, in memory: (fingerprint, index into `news`), sorted; and
  // each distinct fingerprint's slot, for what the checked articles add to it.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> postings;
  for (std::uint32_t i = 0; i < news.size(); ++i) {
    for (std::uint32_t fp : news[i].fingerprints) postings.emplace_back(fp, i);
  }
  std::sort(postings.begin(), postings.end());
  std::vector<std::uint32_t> distinct;  // the new articles' fingerprints, sorted: slot i is distinct[i]
  std::vector<std::uint32_t> holders;   // per slot: articles holding it, new and checked
  for (std::size_t p = 0; p < postings.size(); ++p) {
    if (p > 0 && postings[p].first == postings[p - 1].first) {
      ++holders.back();
      continue;
    }
    distinct.push_back(postings[p].first);
    holders.push_back(1);
  }
  auto slot_of = [&](std::uint32_t fp) -> std::optional<std::size_t> {
    const auto it = std::lower_bound(distinct.begin(), distinct.end(), fp);
    if (it == distinct.end() || *it != fp) return std::nullopt;
    return static_cast<std::size_t>(it - distinct.begin());
  };

  // One pass over the checked articles' fingerprints (no inverted index is kept; see the
  // schema): which of them hold the new ones' fingerprints, and which have the same words.
  std::unordered_map<std::size_t, std::vector<std::int64_t>> checked_holders;  // by slot
  std::unordered_map<std::uint64_t, std::vector<std::int64_t>> by_exact;      // checked, then new so far
  if (!news.empty()) {
    std::unordered_set<std::uint64_t> new_exact;
    for (const New& n : news) {
      if (n.exact != 0) new_exact.insert(n.exact);
    }
    Statement s = store_.prepare("SELECT article_id, coalesce(exact, 0), fingerprints FROM dedupe_docs WHERE checked <> 0");
    while (s.step()) {
      const std::int64_t id = s.integer(0);
      if (const auto exact = static_cast<std::uint64_t>(s.integer(1)); exact != 0 && new_exact.contains(exact)) {
        by_exact[exact].push_back(id);
      }
      for (std::uint32_t fp : fingerprints_of(s.blob(2))) {
        const auto slot = slot_of(fp);
        if (!slot) continue;
        // Past the boilerplate limit the holders are not needed, only their number.
        if (++holders[*slot] <= options_.max_postings) checked_holders[*slot].push_back(id);
      }
    }
  }

  // Word streams, read again only for the articles a comparison needs; the most recent stay.
  std::unordered_map<std::int64_t, std::shared_ptr<const DedupeDoc>> cache;
  auto doc_of = [&](std::int64_t id) -> std::shared_ptr<const DedupeDoc> {
    if (auto it = cache.find(id); it != cache.end()) return it->second;
    if (cache.size() >= 2048) cache.clear();
    static const std::string sql = "SELECT lead, body, " + std::string(kLeadPosition) + " FROM articles a WHERE id = ?1";
    Statement s = store_.prepare(sql.c_str());
    s.bind(1, id);
    std::shared_ptr<const DedupeDoc> d;
    if (s.step()) {
      d = std::make_shared<const DedupeDoc>(
          make_dedupe_doc(dedupe_text(s.text(0), s.text(1), static_cast<int>(s.integer(2))), norm_, options_));
    }
    return cache.emplace(id, std::move(d)).first->second;
  };

  // Each new article against the checked ones and the new ones before it: candidates share
  // enough fingerprints (boilerplate held by too many articles does not count), or all their
  // words.
  std::unordered_map<std::int64_t, std::uint32_t> shared;
  for (std::uint32_t i = 0; i < news.size(); ++i) {
    const New& n = news[i];
    shared.clear();
    for (std::uint32_t fp : n.fingerprints) {
      const std::size_t slot = *slot_of(fp);
      if (holders[slot] > options_.max_postings) continue;
      const auto range = std::equal_range(postings.begin(), postings.end(), std::pair{fp, 0u},
                                          [](const auto& x, const auto& y) { return x.first < y.first; });
      for (auto it = range.first; it != range.second && it->second < i; ++it) ++shared[news[it->second].id];
      if (const auto it = checked_holders.find(slot); it != checked_holders.end()) {
        for (std::int64_t id : it->second) ++shared[id];
      }
    }
    std::vector<std::int64_t> candidates;
    for (const auto& [id, count] : shared) {
      if (count >= options_.min_shared_fingerprints) candidates.push_back(id);
    }
    if (n.exact != 0) {
      auto& same = by_exact[n.exact];
      candidates.insert(candidates.end(), same.begin(), same.end());
      same.push_back(n.id);
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    if (candidates.empty()) continue;
    counts.candidates += static_cast<std::int64_t>(candidates.size());
    const auto mine = doc_of(n.id);
    if (!mine) continue;
    for (std::int64_t other : candidates) {
      if (other == n.id) continue;
      const auto theirs = doc_of(other);
      if (!theirs) continue;
      // compare() is not symmetric (where runs overlap, the first side's order decides what
      // is cut), so the two go in an order their text decides: the pair is then the same
      // whichever was stored first (two ingests interleaved found 3 of 1,127 pairs differ).
      const bool mine_first = compared_first(*mine, *theirs, n.id < other);
      std::int64_t a = mine_first ? n.id : other, b = mine_first ? other : n.id;
      std::optional<Overlap> o = mine_first ? compare(*mine, *theirs, options_) : compare(*theirs, *mine, options_);
      if (!o) continue;
      // Stored with the article stored first as `a`, unless the other is its excerpt.
      if (o->relation == Relation::contained ? o->swapped : a > b) {
        std::swap(a, b);
        o->swap_sides();
      }
      nlohmann::json passages = nlohmann::json::array();
      for (const Passage& p : o->passages) passages.push_back({p.a_begin, p.a_end, p.b_begin, p.b_end, p.words});
      store_.prepare(
                "INSERT OR REPLACE INTO dedupe_pairs(a, b, relation, coverage_a, coverage_b, shared_words, passages)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
          .bind(1, a)
          .bind(2, b)
          .bind(3, to_string(o->relation))
          .bind(4, o->coverage_a)
          .bind(5, o->coverage_b)
          .bind(6, std::int64_t{o->shared_words})
          .bind(7, passages.dump())
          .run();
      ++counts.pairs;
    }
  }
  store_.exec("UPDATE dedupe_docs SET checked = 1 WHERE checked = 0");
  return counts;
}

std::vector<PairRow> Deduper::pairs(std::optional<std::string> article) {
  std::string sql =
      "SELECT x.uid, y.uid, p.relation, p.coverage_a, p.coverage_b, p.shared_words, p.passages"
      " FROM dedupe_pairs p JOIN articles x ON x.id = p.a JOIN articles y ON y.id = p.b";
  if (article) sql += " WHERE x.uid = ?1 OR y.uid = ?1";
  Statement s = store_.prepare(sql.c_str());
  if (article) s.bind(1, *article);
  std::vector<PairRow> out;
  while (s.step()) {
    PairRow r;
    r.a = s.text(0);
    r.b = s.text(1);
    r.relation = relation_from_string(s.text(2)).value_or(Relation::partial);
    r.coverage_a = s.real(3);
    r.coverage_b = s.real(4);
    r.shared_words = s.integer(5);
    for (const auto& p : nlohmann::json::parse(s.text(6), nullptr, false)) {
      if (p.is_array() && p.size() == 5) {
        r.passages.push_back(Passage{p[0].get<std::uint32_t>(), p[1].get<std::uint32_t>(), p[2].get<std::uint32_t>(),
                                     p[3].get<std::uint32_t>(), p[4].get<std::uint32_t>()});
      }
    }
    out.push_back(std::move(r));
  }
  std::stable_sort(out.begin(), out.end(), [](const PairRow& p, const PairRow& q) {
    if (p.relation != q.relation) return p.relation < q.relation;
    const double cp = std::max(p.coverage_a, p.coverage_b), cq = std::max(q.coverage_a, q.coverage_b);
    if (cp != cq) return cp > cq;
    return p.a != q.a ? p.a < q.a : p.b < q.b;
  });
  return out;
}

std::unordered_map<std::int64_t, std::int64_t> copy_groups(Store& store) {
  std::unordered_map<std::int64_t, std::int64_t> parent;  // union-find
  auto find = [&](std::int64_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  Statement s = store.prepare("SELECT a, b FROM dedupe_pairs WHERE relation IN ('exact', 'near_duplicate')");
  while (s.step()) {
    const std::int64_t a = s.integer(0), b = s.integer(1);
    parent.try_emplace(a, a);
    parent.try_emplace(b, b);
    const std::int64_t ra = find(a), rb = find(b);
    parent[std::max(ra, rb)] = std::min(ra, rb);  // the root is the smallest id
  }
  std::unordered_map<std::int64_t, std::int64_t> group;
  for (const auto& [id, _] : parent) group[id] = find(id);
  return group;
}

std::vector<std::vector<std::string>> Deduper::clusters() {
  struct Member {
    std::string uid, date;  // "" date: undated, sorts last
    std::int64_t words = 0;
  };
  std::unordered_map<std::int64_t, std::vector<Member>> groups;
  for (const auto& [id, group] : copy_groups(store_)) {
    Statement s = store_.prepare(
        "SELECT a.uid, coalesce(a.date, ''), coalesce(d.words, 0) FROM articles a"
        " LEFT JOIN dedupe_docs d ON d.article_id = a.id WHERE a.id = ?1");
    s.bind(1, id);
    if (s.step()) groups[group].push_back(Member{s.text(0), s.text(1), s.integer(2)});
  }
  std::vector<std::vector<std::string>> out;
  for (auto& [_, members] : groups) {
    std::sort(members.begin(), members.end(), [](const Member& x, const Member& y) {
      if (x.date != y.date) return y.date.empty() || (!x.date.empty() && x.date < y.date);
      if (x.words != y.words) return x.words > y.words;
      return x.uid < y.uid;
    });
    std::vector<std::string> uids;
    for (Member& m : members) uids.push_back(std::move(m.uid));
    out.push_back(std::move(uids));
  }
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
    return x.size() != y.size() ? x.size() > y.size() : x.front() < y.front();
  });
  return out;
}

}  // namespace corpus
