// English inflection: which words are forms of one another (`talks`, `talked`, `talking` are
// forms of `talk`; `went` of `go`), by WordNet's morphology, never by stripping derivational
// suffixes (`organ` is not `organization`, `busy` not `business`).
//
// The lexicon is WordNet 3's (Debian's wordnet-base), compiled in at build time
// (cmake/wordnet_gen.cc): its lemmas by part of speech and its lists of irregular forms. The
// rules are WordNet's `morphy`: an irregular form's bases from the lists; else, for each part
// of speech, the first of its detachment rules (`-s`, `-ies` → `-y`, `-ed`, `-ing` → `-e`, ...)
// whose result is a lemma of that part of speech.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace corpus {

// The base forms of `word` (lower-case ASCII letters) other than itself, in a fixed order:
// `banned` → `ban`; `saw` → `see`; `talking` → `talk`; `news` → none. Comparatives
// (`bigger` → `big`) only for a word that is no noun or verb itself: `offer` is not a form of
// `off`, `better` not of `good`. A base of fewer than three letters only from the irregular
// lists (`has` is not `ha`), but two for a verb (`goes` → `go`).
std::vector<std::string> english_lemmas(std::string_view word);

// True when WordNet lists `word` (lower-case ASCII letters) as a lemma.
bool is_english_lemma(std::string_view word);
// True when WordNet lists `word` as a noun or an adjective (`foreign`, `finance`, `shadow`):
// a word that can qualify a title (`shadow foreign secretary`); `said` and `told` are not.
bool is_english_noun_or_adjective(std::string_view word);

}  // namespace corpus
