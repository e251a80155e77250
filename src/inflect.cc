#include "corpus/inflect.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace corpus {
namespace wordnet_data {
// Generated from WordNet by cmake/wordnet_gen.cc: sorted lines and where each starts.
extern const char kLemmas[];
extern const std::uint32_t kLemmasLines[];
extern const std::uint32_t kLemmasCount;
extern const char kExceptions[];
extern const std::uint32_t kExceptionsLines[];
extern const std::uint32_t kExceptionsCount;
}  // namespace wordnet_data

namespace {

enum Pos : int { kNoun = 1, kVerb = 2, kAdj = 4, kAdv = 8 };

// A generated table of sorted lines "key\t...", by line number.
struct SortedLines {
  const char* text;
  const std::uint32_t* starts;
  std::uint32_t count;

  // Line `i` without its newline.
  std::string_view line(std::uint32_t i) const {
    const char* p = text + starts[i];
    return std::string_view(p, static_cast<std::size_t>(std::strchr(p, '\n') - p));
  }
  // <0, 0, >0 as line i's key sorts before, equals or sorts after `key` (the tab ending a
  // key sorts before every letter).
  int compare(std::uint32_t i, std::string_view key) const {
    const char* p = text + starts[i];
    for (char c : key) {
      if (*p != c) return static_cast<unsigned char>(*p) < static_cast<unsigned char>(c) ? -1 : 1;
      ++p;
    }
    return *p == '\t' ? 0 : 1;
  }
  // The first line whose key is `key`, or `count`.
  std::uint32_t find(std::string_view key) const {
    std::uint32_t lo = 0, hi = count;
    while (lo < hi) {
      const std::uint32_t mid = lo + (hi - lo) / 2;
      if (compare(mid, key) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
    return lo < count && compare(lo, key) == 0 ? lo : count;
  }
};

const SortedLines& lemmas() {
  static const SortedLines t{wordnet_data::kLemmas, wordnet_data::kLemmasLines,
                             wordnet_data::kLemmasCount};
  return t;
}
const SortedLines& exceptions() {
  static const SortedLines t{wordnet_data::kExceptions, wordnet_data::kExceptionsLines,
                             wordnet_data::kExceptionsCount};
  return t;
}

int hex_digit(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

// The parts of speech WordNet lists `word` under (Pos bits), 0 if none.
int parts_of(std::string_view word) {
  const SortedLines& t = lemmas();
  const std::uint32_t at = t.find(word);
  return at == t.count ? 0 : hex_digit(t.text[t.starts[at] + word.size() + 1]);
}

struct Rule {
  int pos;
  std::string_view suffix, ending;
};
// WordNet's detachment rules (morph.c), in its order.
constexpr Rule kRules[] = {
    {kNoun, "s", ""},      {kNoun, "ses", "s"},   {kNoun, "xes", "x"},   {kNoun, "zes", "z"},
    {kNoun, "ches", "ch"}, {kNoun, "shes", "sh"}, {kNoun, "men", "man"}, {kNoun, "ies", "y"},
    {kVerb, "s", ""},      {kVerb, "ies", "y"},   {kVerb, "es", "e"},    {kVerb, "es", ""},
    {kVerb, "ed", "e"},    {kVerb, "ed", ""},     {kVerb, "ing", "e"},   {kVerb, "ing", ""},
    {kAdj, "er", ""},      {kAdj, "est", ""},     {kAdj, "er", "e"},     {kAdj, "est", "e"},
};

void add(std::vector<std::string>& out, std::string_view word, std::string base) {
  if (base != word && std::find(out.begin(), out.end(), base) == out.end())
    out.push_back(std::move(base));
}

}  // namespace

bool is_english_lemma(std::string_view word) { return parts_of(word) != 0; }

bool is_english_noun_or_adjective(std::string_view word) {
  return (parts_of(word) & (kNoun | kAdj)) != 0;
}

std::vector<std::string> english_lemmas(std::string_view word) {
  std::vector<std::string> out;
  if (word.size() < 3) return out;
  const int own = parts_of(word);
  // Comparatives and superlatives only of a word that is no noun or verb of its own.
  const int allowed = (own & (kNoun | kVerb)) ? (kNoun | kVerb) : (kNoun | kVerb | kAdj | kAdv);
  int irregular = 0;  // the parts of speech whose lists name `word`: their rules do not apply
  const SortedLines& exc = exceptions();
  for (std::uint32_t at = exc.find(word); at < exc.count; ++at) {
    if (exc.compare(at, word) != 0) break;
    const std::string_view rest = exc.line(at).substr(word.size() + 1);  // "P\tbase"
    const int pos = hex_digit(rest.front());
    irregular |= pos;
    if (pos & allowed) add(out, word, std::string(rest.substr(2)));
  }
  int done = irregular;
  for (const Rule& r : kRules) {
    if ((done & r.pos) || !(allowed & r.pos) || !word.ends_with(r.suffix)) continue;
    if (r.pos == kNoun && word.ends_with("ss")) continue;  // `glass`, `business`: no plural
    std::string base(word.substr(0, word.size() - r.suffix.size()));
    base += r.ending;
    // Two letters only for a verb (`goes` → `go`): as nouns `has`, `its`, `us` are not plurals.
    if (base.size() < (r.pos == kVerb ? 2u : 3u) || !(parts_of(base) & r.pos)) continue;
    add(out, word, std::move(base));
    done |= r.pos;  // morphy takes the first rule that gives a lemma
  }
  return out;
}

}  // namespace corpus
