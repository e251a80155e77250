#include "corpus/dedupe.h"

#include <algorithm>
#include <unordered_map>

#include <xxhash.h>

#include "corpus/text.h"

namespace corpus {
namespace {

std::uint64_t gram_hash(const std::vector<std::uint64_t>& words, std::size_t i, std::size_t k) {
  return XXH3_64bits(words.data() + i, k * sizeof(std::uint64_t));
}

struct Run {
  std::size_t i, j, len;  // a's words [i, i + len) equal b's [j, j + len)
};

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

std::string dedupe_text(std::string_view lead, std::string_view body) {
  std::string out(lead);
  if (!out.empty() && !body.empty()) out += "\n\n";
  out += body;
  return out;
}

DedupeDoc make_dedupe_doc(std::string_view text, Normalizer& norm, const DedupeOptions& options) {
  DedupeDoc d;
  std::size_t byte = 0;
  std::uint32_t chars = 0;
  auto advance = [&](std::size_t to) {  // code points between `byte` and `to`
    for (; byte < to; ++byte) chars += (static_cast<unsigned char>(text[byte]) & 0xC0) != 0x80;
  };
  text::for_each_word(text, [&](std::size_t b, std::size_t e) {
    const TokenForms& f = norm.forms(text.substr(b, e - b));
    const std::string& folded = f.folded.empty() ? f.exact : f.folded;
    d.words.push_back(XXH3_64bits(folded.data(), folded.size()));
    advance(b);
    d.begin.push_back(chars);
    advance(e);
    d.end.push_back(chars);
  });
  if (d.words.empty()) return d;
  d.exact = XXH3_64bits(d.words.data(), d.words.size() * sizeof(std::uint64_t)) | 1;  // never 0

  // Winnowing (Schleimer, Wilkerson and Aiken 2003): the smallest gram hash of every window
  // of `window` grams, so two texts sharing a run of shingle + window - 1 words share one.
  const std::size_t k = options.shingle;
  if (d.words.size() < k) return d;
  std::vector<std::uint32_t> grams(d.words.size() - k + 1);
  for (std::size_t i = 0; i < grams.size(); ++i) grams[i] = static_cast<std::uint32_t>(gram_hash(d.words, i, k));
  const std::size_t w = std::min(options.window, grams.size());
  std::size_t last = grams.size();  // position of the last fingerprint taken
  for (std::size_t start = 0; start + w <= grams.size(); ++start) {
    std::size_t best = start;
    for (std::size_t p = start; p < start + w; ++p) {
      if (grams[p] <= grams[best]) best = p;  // the rightmost smallest
    }
    if (best != last) {
      d.fingerprints.push_back(grams[best]);
      last = best;
    }
  }
  std::sort(d.fingerprints.begin(), d.fingerprints.end());
  d.fingerprints.erase(std::unique(d.fingerprints.begin(), d.fingerprints.end()), d.fingerprints.end());
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
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> at_b;
  at_b.reserve(b.words.size());
  for (std::size_t j = 0; j + k <= b.words.size(); ++j) {
    auto& positions = at_b[gram_hash(b.words, j, k)];
    if (positions.size() < 16) positions.push_back(static_cast<std::uint32_t>(j));  // repeated phrases
  }
  std::vector<Run> runs;
  for (std::size_t i = 0; i + k <= a.words.size(); ++i) {
    const auto it = at_b.find(gram_hash(a.words, i, k));
    if (it == at_b.end()) continue;
    for (std::uint32_t j : it->second) {
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
    bool free = true;
    for (std::size_t t = 0; t < r.len && free; ++t) free = !used_a[r.i + t] && !used_b[r.j + t];
    if (!free) continue;
    for (std::size_t t = 0; t < r.len; ++t) used_a[r.i + t] = used_b[r.j + t] = true;
    chosen.push_back(r);
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
